//! A lean pass over HTML tokens for the readers of saved pages and HTML fragments.
//!
//! html5gum's `DefaultEmitter` allocates a map of attributes for every start tag and a buffer
//! for every run of text, and checks every byte for characters the standard calls errors
//! (which the readers ignore). On a saved page that cost three quarters of the reading time.
//! Here html5gum's callback emitter hands over borrowed slices instead, parse errors are not
//! reported at all, and each tag's attributes live in one buffer reused from tag to tag.

use std::convert::Infallible;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Emitter, ForwardingEmitter, Span, Tokenizer};

/// One token, borrowed for the time of the callback.
pub(crate) enum Tok<'a> {
    /// `<name ...>`: `start..end` is the whole tag.
    Start {
        name: &'a [u8],
        attrs: &'a Attrs,
        self_closing: bool,
        start: usize,
        end: usize,
    },
    /// `</name>`, starting at `start`.
    End { name: &'a [u8], start: usize },
    /// Text (entities decoded) whose source is `start..end`.
    Text {
        value: &'a [u8],
        start: usize,
        end: usize,
    },
}

/// The attributes of one start tag, in the order written; the first of a name counts, as
/// the standard says.
#[derive(Default)]
pub(crate) struct Attrs {
    bytes: Vec<u8>,
    /// (name start, name end, value end) in `bytes`; the value follows its name.
    spans: Vec<(usize, usize, usize)>,
}

impl Attrs {
    fn clear(&mut self) {
        self.bytes.clear();
        self.spans.clear();
    }

    fn name(&mut self, name: &[u8]) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(name);
        let end = self.bytes.len();
        self.spans.push((start, end, end));
    }

    fn value(&mut self, value: &[u8]) {
        if let Some(last) = self.spans.last_mut() {
            self.bytes.extend_from_slice(value);
            last.2 = self.bytes.len();
        }
    }

    /// The value of attribute `name` (lower case, as the tokenizer gives names).
    pub(crate) fn get(&self, name: &str) -> Option<&[u8]> {
        self.spans
            .iter()
            .find(|(s, e, _)| self.bytes.get(*s..*e) == Some(name.as_bytes()))
            .and_then(|&(_, e, v)| self.bytes.get(e..v))
    }

    /// The value as text (invalid UTF-8 replaced).
    pub(crate) fn text(&self, name: &str) -> Option<std::borrow::Cow<'_, str>> {
        self.get(name).map(String::from_utf8_lossy)
    }
}

/// html5gum's callback emitter with parse errors switched off.
struct Quiet<E>(E);

impl<E: Emitter> ForwardingEmitter for Quiet<E> {
    type Token = E::Token;

    fn inner(&mut self) -> &mut impl Emitter<Token = Self::Token> {
        &mut self.0
    }

    fn should_emit_errors(&mut self) -> bool {
        false
    }
}

/// Calls `f` with every start tag, end tag and run of text of `html`, in order. Scripts,
/// styles and titles hold raw text, not markup (html5gum's naive state switching).
pub(crate) fn for_each_token(html: &str, mut f: impl FnMut(Tok<'_>)) {
    let mut attrs = Attrs::default();
    let mut name: Vec<u8> = Vec::new();
    let mut tag_start = 0usize;
    let callback = |event: CallbackEvent<'_>, span: Span<usize>| -> Option<Infallible> {
        match event {
            CallbackEvent::OpenStartTag { name: n } => {
                name.clear();
                name.extend_from_slice(n);
                attrs.clear();
                tag_start = span.start;
            }
            CallbackEvent::AttributeName { name: n } => attrs.name(n),
            CallbackEvent::AttributeValue { value } => attrs.value(value),
            CallbackEvent::CloseStartTag { self_closing } => {
                f(Tok::Start {
                    name: &name,
                    attrs: &attrs,
                    self_closing,
                    start: tag_start,
                    end: span.end,
                });
                attrs.clear();
            }
            CallbackEvent::EndTag { name: n } => {
                attrs.clear();
                f(Tok::End {
                    name: n,
                    start: span.start,
                });
            }
            CallbackEvent::String { value } => f(Tok::Text {
                value,
                start: span.start,
                end: span.end,
            }),
            CallbackEvent::Comment { .. }
            | CallbackEvent::Doctype { .. }
            | CallbackEvent::Error(_) => {}
        }
        None
    };
    let mut emitter = CallbackEmitter::new(callback);
    emitter.naively_switch_states(true);
    // The callback never hands a token back, so one call of `next` runs the tokenizer to
    // the end of the text.
    if let Some(Ok(never)) = Tokenizer::new_with_emitter(html, Quiet(emitter)).next() {
        match never {}
    }
}

/// A tag name small enough to keep on a stack without allocating (longer names are cut,
/// which only custom elements have, and which the readers never look for).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct TagName {
    bytes: [u8; 15],
    len: u8,
}

impl TagName {
    pub(crate) fn new(name: &[u8]) -> TagName {
        let len = name.len().min(15);
        let mut bytes = [0u8; 15];
        bytes[..len].copy_from_slice(&name[..len]);
        TagName {
            bytes,
            len: len as u8,
        }
    }

    pub(crate) fn as_slice(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the lean pass sees, as the `DefaultEmitter` would give it.
    fn seen(html: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_token(html, |t| match t {
            Tok::Start {
                name,
                attrs,
                self_closing,
                start,
                end,
            } => out.push(format!(
                "<{} class={:?} id={:?} {self_closing} {start}..{end}>",
                String::from_utf8_lossy(name),
                attrs.text("class"),
                attrs.text("id"),
            )),
            Tok::End { name, start } => {
                out.push(format!("</{} {start}>", String::from_utf8_lossy(name)))
            }
            Tok::Text { value, start, end } => out.push(format!(
                "{:?} {start}..{end}",
                String::from_utf8_lossy(value)
            )),
        });
        out
    }

    #[test]
    fn tokens_attributes_and_spans_match_the_default_emitter() {
        let html = "<P CLASS='a b' class=x id=\"m\">Fish &amp; chips</p><br/>\
            <script>if (a < b) { x = '<p>'; }</script><a href=/x>z";
        let mine = seen(html);
        let mut theirs = Vec::new();
        let mut emitter = html5gum::DefaultEmitter::<usize>::new_with_span();
        emitter.naively_switch_states(true);
        for token in Tokenizer::new_with_emitter(html, emitter) {
            let Ok(token) = token;
            match token {
                html5gum::Token::StartTag(t) => {
                    let get = |k: &str| {
                        t.attributes
                            .get(k.as_bytes())
                            .map(|v| String::from_utf8_lossy(&v.value).into_owned())
                    };
                    theirs.push(format!(
                        "<{} class={:?} id={:?} {} {}..{}>",
                        String::from_utf8_lossy(&t.name),
                        get("class"),
                        get("id"),
                        t.self_closing,
                        t.span.start,
                        t.span.end
                    ));
                }
                html5gum::Token::EndTag(t) => theirs.push(format!(
                    "</{} {}>",
                    String::from_utf8_lossy(&t.name),
                    t.span.start
                )),
                html5gum::Token::String(s) => theirs.push(format!(
                    "{:?} {}..{}",
                    String::from_utf8_lossy(&s.value),
                    s.span.start,
                    s.span.end
                )),
                _ => {}
            }
        }
        assert_eq!(mine, theirs);
        // The first of two `class` attributes counts; the script's text is not markup.
        assert!(mine[0].starts_with("<p class=Some(\"a b\") id=Some(\"m\") false 0.."));
        assert!(mine.iter().any(|t| t.contains("x = '<p>'")));
    }

    #[test]
    fn tag_names_are_kept_without_allocating() {
        assert_eq!(TagName::new(b"blockquote").as_slice(), b"blockquote");
        assert_eq!(
            TagName::new(b"my-very-long-custom-element").as_slice(),
            b"my-very-long-cu"
        );
    }
}
