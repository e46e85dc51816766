//! End-to-end tests of `find_figures`: every number form seen in real
//! releases, every non-figure case, and robustness on arbitrary input.

use super::{find_figures, Figure, Unit};

fn gbp() -> Unit {
    Unit::Currency("GBP".into())
}

/// The only figure in `s`.
fn one(s: &str) -> Figure {
    let mut v = find_figures(s);
    assert_eq!(v.len(), 1, "{s:?} -> {v:#?}");
    v.remove(0)
}

fn check(s: &str, text: &str, value: f64, unit: Unit) -> Figure {
    let f = one(s);
    assert_eq!(f.text, text, "{s:?}");
    assert!(
        (f.value - value).abs() <= 1e-9 * value.abs().max(1.0),
        "{s:?}: {} != {value}",
        f.value
    );
    assert_eq!(f.unit, unit, "{s:?}");
    assert_eq!(&s[f.start..f.end], f.text);
    f
}

fn none(s: &str) {
    let v = find_figures(s);
    assert!(v.is_empty(), "{s:?} should have no figures, got {v:#?}");
}

#[test]
fn money() {
    let f = check(
        "Up to £39 million has been allocated",
        "£39 million",
        39e6,
        gbp(),
    );
    assert_eq!(f.qualifier.as_deref(), Some("up to"));
    check(
        "Avon and Somerset £ 1,230,500.00",
        "£ 1,230,500.00",
        1_230_500.0,
        gbp(),
    );
    check(
        "Gloucestershire £ 762, 033.00",
        "£ 762, 033.00",
        762_033.0,
        gbp(),
    );
    check("allocated £11.4million to", "£11.4million", 11.4e6, gbp());
    check("a further £1.5m for", "£1.5m", 1.5e6, gbp());
    check(
        "An additional £1.5 Million will",
        "£1.5 Million",
        1.5e6,
        gbp(),
    );
    check(
        "agreed a $40 billion package",
        "$40 billion",
        40e9,
        Unit::Currency("USD".into()),
    );
    check(
        "an offer of earning €6,000 in February",
        "€6,000",
        6000.0,
        Unit::Currency("EUR".into()),
    );
    check("costing nearly £7 billion a year", "£7 billion", 7e9, gbp());
    check("up to £20k each", "£20k", 20_000.0, gbp());
    check(
        "US$3 billion was pledged",
        "US$3 billion",
        3e9,
        Unit::Currency("USD".into()),
    );
    check(
        "GBP 500 million from the UK",
        "GBP 500 million",
        500e6,
        gbp(),
    );
    check("five million pounds of", "five million pounds", 5e6, gbp());
    check("a 50p levy", "50p", 0.5, gbp());
    check("£\u{a0}2,000 fine", "£\u{a0}2,000", 2000.0, gbp());
}

#[test]
fn counts() {
    let f = check(
        "A total of 3,438,373 cigarettes",
        "3,438,373",
        3_438_373.0,
        Unit::Count,
    );
    assert_eq!(f.noun.as_deref(), Some("cigarettes"));
    let f = check(
        "show 377 000 people were",
        "377 000",
        377_000.0,
        Unit::Count,
    );
    assert_eq!(f.noun.as_deref(), Some("people"));
    let f = check("smuggled 41 migrants jailed", "41", 41.0, Unit::Count);
    assert_eq!(f.noun.as_deref(), Some("migrants"));
    let f = check(
        "allocated to 50 projects across England",
        "50",
        50.0,
        Unit::Count,
    );
    assert_eq!(f.noun.as_deref(), Some("projects"));
    let f = check(
        "since then, to 136,000 people.",
        "136,000",
        136_000.0,
        Unit::Count,
    );
    assert_eq!(f.noun.as_deref(), Some("people"));
    let f = check(
        "considered 4.2 million pieces of written evidence",
        "4.2 million",
        4.2e6,
        Unit::Count,
    );
    assert_eq!(f.noun.as_deref(), Some("pieces"));
    let f = check(
        "backed by 400 new specialist investigators.",
        "400",
        400.0,
        Unit::Count,
    );
    assert_eq!(f.noun.as_deref(), Some("investigators"));
    let f = check(
        "almost half a million student visas",
        "half a million",
        500_000.0,
        Unit::Count,
    );
    assert_eq!(f.qualifier.as_deref(), Some("almost"));
    assert_eq!(f.noun.as_deref(), Some("visas"));
    check(
        "a quarter of a million households",
        "a quarter of a million",
        250_000.0,
        Unit::Count,
    );
    check(
        "Twenty-two forces took part",
        "Twenty-two",
        22.0,
        Unit::Count,
    );
    check("1.5m people", "1.5m", 1.5e6, Unit::Count);
    check("a 2,000-strong team", "2,000", 2000.0, Unit::Count);
    check(
        "logged 10,000 hours of volunteering",
        "10,000",
        10_000.0,
        Unit::Count,
    );
}

#[test]
fn percentages() {
    check("with 83% of male offenders", "83%", 83.0, Unit::Percent);
    check(
        "Around 40 per cent of adults",
        "40 per cent",
        40.0,
        Unit::Percent,
    );
    check("about 40 percent of", "40 percent", 40.0, Unit::Percent);
    check(
        "Seventy per cent of fraud",
        "Seventy per cent",
        70.0,
        Unit::Percent,
    );
    check(
        "Sixty-five per cent of",
        "Sixty-five per cent",
        65.0,
        Unit::Percent,
    );
    check("capped at 2 1/2% a year", "2 1/2%", 2.5, Unit::Percent);
    check("increased by 750% since 2019", "750%", 750.0, Unit::Percent);
    check(
        "rose 0.5 percentage points",
        "0.5 percentage points",
        0.5,
        Unit::Percent,
    );
}

#[test]
fn ratios() {
    let f = check(
        "with 1 in 15 of us falling victim",
        "1 in 15",
        1.0 / 15.0,
        Unit::Ratio,
    );
    assert_eq!(f.noun, None);
    let f = check("9 in 10 internet users have", "9 in 10", 0.9, Unit::Ratio);
    assert_eq!(f.noun.as_deref(), Some("users"));
    check("One in five victims", "One in five", 0.2, Unit::Ratio);
    check("1 in every 20 calls", "1 in every 20", 0.05, Unit::Ratio);
    // not ratios
    check("reported 5 in 2019 alone", "5", 5.0, Unit::Count);
}

#[test]
fn physical() {
    check(
        "seized 2.5 tonnes of cocaine",
        "2.5 tonnes",
        2.5,
        Unit::Physical("tonne".into()),
    );
    check(
        "and 150kg of heroin",
        "150kg",
        150.0,
        Unit::Physical("kg".into()),
    );
    check("a 40 km patrol", "40 km", 40.0, Unit::Physical("km".into()));
}

#[test]
fn qualifiers_nouns_periods() {
    let v = find_figures(
        "The ONS estimated that net migration was over 500,000 from June 2021 to June 2022.",
    );
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].qualifier.as_deref(), Some("over"));
    assert_eq!(v[0].period.as_deref(), Some("from June 2021 to June 2022"));
    let v = find_figures("investing £400 million for law enforcement to tackle economic crime, including fraud, over the next 3 years");
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].period.as_deref(), Some("over the next 3 years"));
    let v = find_figures(
        "they aim to support 184 perpetrators a year, supported by up to £1,638,597 of funding",
    );
    assert_eq!(v.len(), 2);
    assert_eq!(v[0].period.as_deref(), Some("a year"));
    assert_eq!(v[1].qualifier.as_deref(), Some("up to"));
    assert_eq!(v[1].period, None);
    let v = find_figures("In 2022, 45,000 people crossed the Channel in small boats.");
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].period.as_deref(), Some("In 2022"));
    assert_eq!(v[0].noun.as_deref(), Some("people"));
    let v = find_figures("costs £5 million per year");
    assert_eq!(v[0].period.as_deref(), Some("per year"));
    let v = find_figures("more than 40 migrants into the UK");
    assert_eq!(v[0].qualifier.as_deref(), Some("more than"));
    let v = find_figures("an estimated 10,000 victims");
    assert_eq!(v[0].qualifier.as_deref(), Some("an estimated"));
    let v = find_figures("at least 1 in 4 of them");
    assert_eq!(v[0].qualifier.as_deref(), Some("at least"));
}

#[test]
fn years_are_not_figures() {
    none("since 2019");
    none("in 2030");
    none("by 2030, for two years running");
    none("the 2024 General Assembly");
    none("in the 2021-22 financial year and 2022/23");
    none("[May 2023]");
}

#[test]
fn dates_are_not_figures() {
    none("The press release issued by the Home Office on 23 May 2023.");
    none("announced today (22 May).");
    none("from June 2021 to June 2022");
    none("from 4 to 7 November 2024");
    none("on May 23, 2023");
    none("on 1st June");
    none("between 4 and 7 Nov");
}

#[test]
fn ordinals_decades_and_times_are_not_figures() {
    none("the 92nd Interpol General Assembly");
    none("the 1st meeting and the 3rd summit");
    none("in the 1990s and the 2020s");
    none("at 10:30 or 9am or 5.30pm or 14:00 GMT");
}

#[test]
fn ages_are_not_figures() {
    none("four 17-year-old children");
    none("Nicolai Bogdan Lungan, a 32-year-old Romanian");
    none("Mohamed Awad, aged 25, of London");
    none("people aged 18 to 25");
    none("Mohamed Awad, 25, of London");
    none("John Smith (25) was charged");
    none("over the age of 18");
    none("The suspects, aged 19, 21 and 24, were charged");
    none("aged 18-25");
}

#[test]
fn durations_are_not_figures() {
    none("within a 6-month period");
    none("sentenced to 12 months or more");
    none("which has been running for 7 years");
    none("over the next 2 years");
    none("for two years running");
    none("sentenced to 3\u{a0}years in prison");
    none("a 12-week public call for evidence");
    none("our 10-year Drug Strategy");
    none("for 2-3 years");
    none("two years and eight months");
    none("24 hours a day");
}

#[test]
fn list_numbering_is_not_a_figure() {
    none("1. The Changes Programme\n2. This programme will deliver");
    none("Derbyshire 1. The Changes Programme");
    none("    • 3. Target Hardening");
    none("1) Introduction\n(2) Background");
}

#[test]
fn names_and_codes_are_not_figures() {
    none("1:1 perpetrator delivery");
    none("the Covid-19 pandemic");
    none("the A1 and M25");
    none("COP 26, the UN Climate Change Conference");
    none("under Section 3 of the Act");
    none("call 999 now");
    none("open 24/7");
    none("call 0300 123 4567");
    none("version 2.5.1");
    none("4G and 5G masts");
    none("at 2 Marsham Street");
    none("No. 10 said");
}

#[test]
fn small_words_are_prose() {
    none("Two members of an organised crime group");
    none("the two defendants");
    none("one common goal");
    none("Thousands of brave victims and millions of people");
}

#[test]
fn output_is_sorted_and_consistent_on_the_sample() {
    let text = include_str!("../../assets/home-office-may-2023.txt");
    let v = find_figures(text);
    assert!(v.len() > 60);
    for w in v.windows(2) {
        assert!(w[0].end <= w[1].start, "{w:#?}");
    }
    for f in &v {
        assert_eq!(&text[f.start..f.end], f.text);
        assert!(f.value.is_finite());
    }
}

/// Deterministic pseudo-random input made of the pieces the parser reacts to:
/// no panics, and the invariants hold.
#[test]
fn arbitrary_input_never_panics() {
    const PIECES: &[&str] = &[
        "£", "€", "$", "US", "GBP", "½", "\u{a0}", "\u{202f}", "’", "•", "–", "0", "1", "2", "7",
        "15", "2019", ",", ", ", ".", ". ", " ", "  ", "-", "/", ":", "%", "(", ")", "m", "k",
        "bn", "million", "per", "cent", "in", "every", "half", "a", "quarter", "of", "one",
        "twenty", "May", "aged", "years", "up", "to", "over", "the", "next", "from", "since", "\n",
        "1. ", "st", "s", "é", "people", "and", "between", "p", "kg", "Street",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..3000 {
        let len = (next() % 40) as usize;
        let s: String = (0..len)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        let v = find_figures(&s);
        let mut last = 0;
        for f in &v {
            assert!(f.start >= last && f.start < f.end, "{s:?}: {v:#?}");
            assert_eq!(s.get(f.start..f.end), Some(f.text.as_str()), "{s:?}");
            last = f.end;
        }
    }
}

#[test]
fn slices_of_the_sample_never_panic() {
    let text = include_str!("../../assets/home-office-may-2023.txt");
    let bounds: Vec<usize> = (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    for k in (0..bounds.len()).step_by(7) {
        let a = bounds[k];
        let b = bounds[(k + 97).min(bounds.len() - 1)];
        let _ = find_figures(&text[a..b]);
    }
}

/// The forms of issue 13, one sentence each (the labelled set in
/// tests/fixtures/figures/hard measures them on real releases).
#[test]
fn hard_forms() {
    let ratio = |s: &str, text: &str, v: f64| check(s, text, v, Unit::Ratio);
    ratio(
        "three out of four respondents agreed",
        "three out of four",
        0.75,
    );
    ratio("3 out of 4 respondents agreed", "3 out of 4", 0.75);
    ratio("a third of councils", "a third", 1.0 / 3.0);
    ratio("two thirds of adults", "two thirds", 2.0 / 3.0);
    ratio("three-quarters of schools", "three-quarters", 0.75);
    ratio("around a quarter of adults", "a quarter", 0.25);
    ratio("Only a fifth of pupils", "a fifth", 0.2);
    ratio("almost half of adults", "half", 0.5);
    ratio("less than half the number", "half", 0.5);
    check(
        "on a 500-hectare site",
        "500-hectare",
        500.0,
        Unit::Physical("hectare".into()),
    );
    check(
        "1,200 square metres of offices",
        "1,200 square metres",
        1200.0,
        Unit::Physical("square metre".into()),
    );
    check(
        "40 megawatts of capacity",
        "40 megawatts",
        40.0,
        Unit::Physical("mw".into()),
    );
    check(
        "312.5 deaths per 100,000 people",
        "312.5",
        312.5,
        Unit::Count,
    );
    check("5 for every 10,000 people", "5", 5.0, Unit::Count);

    let v = find_figures("a fund of £5-10 million");
    assert_eq!(v.len(), 2, "{v:#?}");
    assert_eq!((v[0].text.as_str(), v[0].value), ("£5", 5e6));
    assert_eq!((v[1].text.as_str(), v[1].value), ("10 million", 10e6));
    assert_eq!(v[1].unit, gbp());

    let v = find_figures("between 20 and 30 per cent of");
    assert_eq!(v.len(), 2, "{v:#?}");
    assert!(v.iter().all(|f| f.unit == Unit::Percent));

    let v = find_figures("The rate was 4.2 per cent, down 0.1 on the quarter.");
    assert_eq!(v.len(), 2, "{v:#?}");
    assert_eq!((v[1].text.as_str(), v[1].value), ("0.1", 0.1));
    assert_eq!(v[1].unit, Unit::Percent);
}

#[test]
fn hard_non_figures() {
    none("between 4 and 19 March 2021");
    none("collected between 11 and 22 May");
    none("adults (16+) and children under 16");
    none("the highest since 1901");
    none("call 101 or 999");
    none("in Phase 2 of the programme");
    none("Notes 5,6 and 7 of the account");
    none("pupils in Years 6, 8 and 10");
    none("Hansard [122240] and vol 354");
}

#[test]
fn tables_under_scaled_headers() {
    let t = "Not seasonally adjusted, \u{a3} billion\n2011 2010\nCurrent budget -13.8 \u{2212}11.6\nNet debt 944.5 810.5\n";
    let v = find_figures(t);
    let got: Vec<(&str, f64)> = v.iter().map(|f| (f.text.as_str(), f.value)).collect();
    assert_eq!(
        got,
        vec![
            ("-13.8", -13.8e9),
            ("\u{2212}11.6", -11.6e9),
            ("944.5", 944.5e9),
            ("810.5", 810.5e9)
        ]
    );
    assert!(v.iter().all(|f| f.unit == gbp()));
    let t = "Spending\n\u{a3}m\nTotal 1,200\n";
    assert_eq!(one(t).value, 1.2e9);
    let t = "Table 2: people\nThousands\nEngland 52 -3\n";
    let v = find_figures(t);
    assert_eq!(
        v.iter().map(|f| f.value).collect::<Vec<_>>(),
        vec![52e3, -3e3]
    );
    let t = "Share\nPer cent\nWales 12.5\n";
    assert_eq!(one(t).unit, Unit::Percent);
    // a header above prose does not reach the numbers in it
    let t = "\u{a3} million\nThe department said that it had spent a great deal more than it planned to.\nTotal 45\n";
    assert_eq!(one(t).value, 45.0);
}
