//! The same figure in different releases: [`same_figure_groups`].

use std::collections::{BTreeMap, BTreeSet};

use super::figure::{Figure, Unit};
use crate::archive::Archive;

/// Figures with an equal value and a compatible unit, in two or more releases.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureGroup {
    pub value: f64,
    pub unit: Unit,
    /// (release id, start, end, text as written), sorted by release id then start.
    pub members: Vec<Member>,
}

/// Groups of equal figures spanning at least two releases: "£400 million"
/// and "£0.4 billion" together (values compared after normalisation, to nine
/// significant digits). Units must be equal; counts must also count the same
/// noun, so that "10 key posts" and "10 boroughs" stay apart and counts
/// without a noun are left out. Sorted by unit, then value.
pub fn same_figure_groups(archive: &Archive) -> Vec<FigureGroup> {
    let figures: Vec<(&str, Vec<Figure>)> = archive
        .releases
        .iter()
        .map(|r| (r.id.as_str(), super::find_figures(&r.text)))
        .collect();
    groups_of(&figures)
}

type GroupKey = (String, Option<String>, String);

/// (release id, start, end, text as written).
pub type Member = (String, usize, usize, String);

/// [`same_figure_groups`] over figures already found, per release id.
pub fn groups_of(figures: &[(&str, Vec<Figure>)]) -> Vec<FigureGroup> {
    let mut map: BTreeMap<GroupKey, (f64, Unit, Vec<Member>)> = BTreeMap::new();
    for (id, figs) in figures {
        for f in figs {
            let noun = match f.unit {
                Unit::Count => match &f.noun {
                    Some(n) => Some(n.clone()),
                    None => continue,
                },
                _ => None,
            };
            let key = (f.unit.as_str().to_owned(), noun, value_key(f.value));
            let entry = map
                .entry(key)
                .or_insert_with(|| (f.value, f.unit.clone(), Vec::new()));
            entry
                .2
                .push(((*id).to_owned(), f.start, f.end, f.text.clone()));
        }
    }
    let mut out: Vec<FigureGroup> = map
        .into_values()
        .filter(|(_, _, members)| {
            members
                .iter()
                .map(|m| m.0.as_str())
                .collect::<BTreeSet<_>>()
                .len()
                >= 2
        })
        .map(|(value, unit, mut members)| {
            members.sort();
            FigureGroup {
                value,
                unit,
                members,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        a.unit
            .as_str()
            .cmp(b.unit.as_str())
            .then(a.value.total_cmp(&b.value))
            .then(a.members.cmp(&b.members))
    });
    out
}

/// A value to nine significant digits, so 0.4 * 1e9 equals 4e8.
fn value_key(value: f64) -> String {
    format!("{value:.8e}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::find_figures;

    #[test]
    fn groups_equal_values_across_releases() {
        let a = find_figures("We are investing £400 million in policing and 83% of bids won.");
        let b = find_figures("A further £0.4 billion goes to forces; 83% of forces agree.");
        let c = find_figures("Another £400 million, said the minister.");
        let figures = vec![("a", a), ("b", b), ("c", c)];
        let groups = groups_of(&figures);
        let money = groups
            .iter()
            .find(|g| g.unit == Unit::Currency("GBP".into()))
            .unwrap();
        assert_eq!(money.value, 400_000_000.0);
        let ids: Vec<&str> = money.members.iter().map(|m| m.0.as_str()).collect();
        assert_eq!(ids, vec!["a", "b", "c"]);
        assert_eq!(money.members[1].3, "£0.4 billion");
        let pct = groups.iter().find(|g| g.unit == Unit::Percent).unwrap();
        assert_eq!(pct.members.len(), 2);
        // Sorted by unit name: "GBP" before "percent".
        assert_eq!(groups[0].unit, Unit::Currency("GBP".into()));
    }

    #[test]
    fn leaves_out_single_release_groups_and_bare_counts() {
        let a = find_figures("It cost £5 million, then another £5 million. There were 10 of them.");
        let b = find_figures("There were 10 of them too.");
        let groups = groups_of(&[("a", a), ("b", b)]);
        assert!(groups.is_empty(), "{groups:?}");
    }

    #[test]
    fn the_sample_repeats_no_figure_across_releases_except_known_ones() {
        let text = include_str!("../../assets/home-office-may-2023.txt");
        let archive = Archive::parse_str(text, std::path::Path::new("sample.txt")).unwrap();
        let groups = same_figure_groups(&archive);
        for g in &groups {
            let ids: BTreeSet<&str> = g.members.iter().map(|m| m.0.as_str()).collect();
            assert!(ids.len() >= 2);
        }
    }
}
