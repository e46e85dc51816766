//! Bytes to text: encodings, byte-order marks, and telling text from binary.

use std::path::Path;

use super::error::ArchiveError;

/// Decoded text, and a note about the first line whose bytes were not valid UTF-8.
pub struct Decoded {
    pub text: String,
    pub bad_line: Option<u32>,
}

/// How much of the start is examined to tell text from binary data.
const SNIFF: usize = 64 * 1024;

/// Refuses empty files and binary data, before any decoding.
pub fn sniff(bytes: &[u8], path: &Path) -> Result<(), ArchiveError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ArchiveError::Empty {
            path: path.to_owned(),
        });
    }
    if is_utf16(bytes) {
        return Ok(());
    }
    let head = &bytes[..bytes.len().min(SNIFF)];
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if head.contains(&0) || control * 20 > head.len() {
        return Err(ArchiveError::NotText {
            path: path.to_owned(),
        });
    }
    Ok(())
}

/// Whether the bytes start with a UTF-16 byte-order mark.
pub fn is_utf16(bytes: &[u8]) -> bool {
    matches!(bytes, [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..])
}

pub fn decode(bytes: Vec<u8>, path: &Path) -> Result<Decoded, ArchiveError> {
    let mut decoded = decode_bytes(bytes, path)?;
    decoded.text = lone_cr_to_lf(decoded.text);
    Ok(decoded)
}

/// True if lines end in a lone CR (classic Mac): CRs and no LF in the file's first bytes.
/// Such a file is decoded whole ([`decode`] turns the CRs into LFs) rather than streamed.
pub fn is_classic_mac(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF)];
    memchr::memchr(b'\r', head).is_some() && memchr::memchr(b'\n', head).is_none()
}

/// Classic Mac files end lines with a lone CR, which the readers would not see as line ends.
/// CR becomes LF, byte for byte, so that positions and line numbers still match the file.
fn lone_cr_to_lf(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // ASCII for ASCII: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn decode_bytes(bytes: Vec<u8>, path: &Path) -> Result<Decoded, ArchiveError> {
    sniff(&bytes, path)?;
    if let Some(text) = decode_utf16(&bytes) {
        return Ok(Decoded {
            text,
            bad_line: None,
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text,
            bad_line: None,
        }),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let line = memchr::memchr_iter(b'\n', &bytes[..valid]).count() + 1;
            Ok(Decoded {
                text: String::from_utf8_lossy(&bytes).into_owned(),
                bad_line: Some(u32::try_from(line).unwrap_or(u32::MAX)),
            })
        }
    }
}

fn decode_utf16(bytes: &[u8]) -> Option<String> {
    let (le, body) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (true, rest),
        [0xFE, 0xFF, rest @ ..] => (false, rest),
        _ => return None,
    };
    let units = body.chunks_exact(2).map(|p| {
        if le {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    Some(
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_crs_become_line_ends_and_crlf_stays() {
        assert_eq!(lone_cr_to_lf("a\rb\r\nc\r".to_owned()), "a\nb\r\nc\n");
        assert!(is_classic_mac(b"a\rb\r"));
        assert!(!is_classic_mac(b"a\r\nb"));
        assert!(!is_classic_mac(b"a\nb"));
        let d = decode(b"title\r\rtext \xc2\xa3\r".to_vec(), Path::new("x")).expect("text");
        assert_eq!(d.text, "title\n\ntext £\n");
    }
}
