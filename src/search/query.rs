//! A parsed query: words and "quoted phrases", all of which must match.

use super::fold::{fold_into, Tokens};

/// Each term is a phrase of folded tokens (a single word is a phrase of one token;
/// `UK's` or `83%` give several). A query typed into the window may also end in a word
/// still being typed, which matches as a prefix.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    terms: Vec<Vec<String>>,
    prefix: Option<String>,
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”')
}

impl Query {
    pub fn parse(input: &str) -> Query {
        let mut terms = Vec::new();
        let mut current = String::new();
        let mut quoted = false;
        for c in input.chars() {
            match c {
                '"' | '“' | '”' => {
                    push_term(&mut terms, &current);
                    current.clear();
                    quoted = !quoted;
                }
                c if c.is_whitespace() && !quoted => {
                    push_term(&mut terms, &current);
                    current.clear();
                }
                c => current.push(c),
            }
        }
        push_term(&mut terms, &current);
        terms.sort();
        terms.dedup();
        Query {
            terms,
            prefix: None,
        }
    }

    /// A query as typed into a search box: the last word, while still being typed (no
    /// space or closing quote after it, not inside quotes), matches every word it begins:
    /// `net migra` finds "net migration" and "net migrants" before the word is finished.
    /// A last word that folds into several tokens (`UK's`) stays whole.
    pub fn parse_typed(input: &str) -> Query {
        let open_word = input
            .chars()
            .last()
            .is_some_and(|c| !c.is_whitespace() && !is_quote(c));
        let in_quotes = input.chars().filter(|&c| is_quote(c)).count() % 2 == 1;
        if !open_word || in_quotes {
            return Query::parse(input);
        }
        let start = input
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace() || is_quote(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let (head, last) = input.split_at(start);
        let mut buf = String::new();
        let tokens: Vec<String> = Tokens::new(last)
            .map(|(s, e)| {
                fold_into(&last[s..e], &mut buf);
                buf.clone()
            })
            .collect();
        let [token] = tokens.as_slice() else {
            return Query::parse(input);
        };
        let mut query = Query::parse(head);
        query.prefix = Some(token.clone());
        query
    }

    /// The word being typed, folded, if the query ends in one.
    pub fn prefix(&self) -> Option<&str> {
        self.prefix.as_deref()
    }

    /// The terms, each a list of folded tokens; sorted.
    pub fn terms(&self) -> &[Vec<String>] {
        &self.terms
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.prefix.is_none()
    }
}

fn push_term(terms: &mut Vec<Vec<String>>, text: &str) {
    let mut buf = String::new();
    let tokens: Vec<String> = Tokens::new(text)
        .map(|(s, e)| {
            fold_into(&text[s..e], &mut buf);
            buf.clone()
        })
        .collect();
    if !tokens.is_empty() {
        terms.push(tokens);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_words_and_phrases() {
        let q = Query::parse(r#"Migrants "NET migration"  £39 83% Café"#);
        assert_eq!(
            q.terms(),
            [
                vec!["83".to_owned(), "%".to_owned()],
                vec!["cafe".to_owned()],
                vec!["migrants".to_owned()],
                vec!["net".to_owned(), "migration".to_owned()],
                vec!["£".to_owned(), "39".to_owned()],
            ]
        );
        assert!(Query::parse("  ... ").is_empty());
    }

    #[test]
    fn the_word_being_typed_is_a_prefix() {
        let q = Query::parse_typed("NET Migra");
        assert_eq!(q.terms(), [vec!["net".to_owned()]]);
        assert_eq!(q.prefix(), Some("migra"));
        // Finished: a space, a closing quote, or inside quotes.
        assert_eq!(Query::parse_typed("net migra ").prefix(), None);
        assert_eq!(Query::parse_typed("\"net migra\"").prefix(), None);
        assert_eq!(Query::parse_typed("\"net migra").prefix(), None);
        // Several tokens in the last word: whole.
        assert_eq!(Query::parse_typed("UK's").prefix(), None);
        assert!(!Query::parse_typed("mig").is_empty());
        assert_eq!(Query::parse("migra").prefix(), None);
    }
}
