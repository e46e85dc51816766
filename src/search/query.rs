//! A parsed query: words and "quoted phrases", all of which must match.

use super::fold::{fold_into, Tokens};

/// Each term is a phrase of folded tokens (a single word is a phrase of one token;
/// `UK's` or `83%` give several).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    terms: Vec<Vec<String>>,
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
        Query { terms }
    }

    /// The terms, each a list of folded tokens; sorted.
    pub fn terms(&self) -> &[Vec<String>] {
        &self.terms
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
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
}
