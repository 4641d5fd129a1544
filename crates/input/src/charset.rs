//! Decoding raw bytes in a known or detected encoding into a `String` plus a map
//! [`Layer`] that records, for every decoded character, the raw bytes it came from.
//!
//! Detection order: byte order mark; UTF-16 by its NUL pattern; strict UTF-8; a
//! declared HTML `<meta charset>` (when it decodes cleanly); then, for anything else,
//! GB18030 (or Big5 when `chardetng` is sure it is Big5), because a Chinese report
//! that is not UTF-8 is almost always GBK/GB18030. Decoding is strict: a malformed or
//! truncated sequence is an error, never a silent U+FFFD.
//!
//! Not for deciding whether bytes are binary (see `sniff`) nor for HTML.

use crate::map::{Layer, LayerBuilder};
use duban_core::ByteSpan;
use encoding_rs::{DecoderResult, Encoding, BIG5, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};

/// Decoded text with its map back to the raw bytes.
pub(crate) struct Decoded {
    pub(crate) text: String,
    pub(crate) layer: Layer,
    pub(crate) encoding: &'static Encoding,
}

/// Why bytes do not decode, with the byte offset where it went wrong.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) why: String,
}

/// Detects the encoding of `bytes` and decodes them; `declared` is an HTML `<meta>`
/// declaration, tried before detection.
pub(crate) fn detect_and_decode(
    bytes: &[u8],
    declared: Option<&'static Encoding>,
) -> Result<Decoded, Failure> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_as(bytes, bom_len, encoding);
    }
    if let Some(encoding) = crate::sniff::utf16_without_bom(bytes) {
        return decode_as(bytes, 0, encoding);
    }
    // Valid UTF-8 wins over a declaration: pages re-saved as UTF-8 often keep their
    // old `charset=gb2312`, while GBK text that happens to be valid UTF-8 is vanishingly
    // rare (pure ASCII decodes the same either way).
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(_) => return decode_as(bytes, 0, UTF_8),
        Err(e) => e,
    };
    if let Some(encoding) = declared.filter(|&e| e != UTF_8) {
        if let Ok(decoded) = decode_as(bytes, 0, encoding) {
            return Ok(decoded);
        }
    }
    if let Some(failure) = broken_utf8(bytes, utf8_error) {
        return Err(failure);
    }
    // chardetng is the slow part and needs little text to tell Big5 from GBK; on a
    // short input it is unreliable, so Big5 needs some body of non-ASCII text.
    let head = &bytes[..bytes.len().min(16 * 1024)];
    if head.iter().filter(|&&b| b >= 0x80).count() >= 64 {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(head, head.len() == bytes.len());
        if detector.guess(None, chardetng::Utf8Detection::Deny) == BIG5 {
            if let Ok(decoded) = decode_as(bytes, 0, BIG5) {
                return Ok(decoded);
            }
        }
    }
    decode_as(bytes, 0, GB18030)
}

/// A failure when `bytes` are evidently UTF-8 gone wrong rather than another encoding:
/// several well-formed multi-byte characters precede the first error. GBK text fails
/// UTF-8 validation at its first or second Chinese character, so this does not fire
/// on it.
fn broken_utf8(bytes: &[u8], error: std::str::Utf8Error) -> Option<Failure> {
    let valid = error.valid_up_to();
    let n_multibyte = bytes[..valid].iter().filter(|&&b| b >= 0xC0).count();
    match error.error_len() {
        None if n_multibyte >= 1 => Some(Failure {
            why: format!(
                "truncated: incomplete UTF-8 character at byte {valid} of {}",
                bytes.len()
            ),
        }),
        Some(_) if n_multibyte >= 3 => Some(Failure {
            why: format!("invalid UTF-8 at byte {valid}"),
        }),
        _ => None,
    }
}

/// Decodes `bytes[start..]` as `encoding`, strictly.
pub(crate) fn decode_as(
    bytes: &[u8],
    start: usize,
    encoding: &'static Encoding,
) -> Result<Decoded, Failure> {
    if encoding == UTF_8 {
        return match std::str::from_utf8(&bytes[start..]) {
            Ok(text) => Ok(Decoded {
                text: text.to_string(),
                layer: Layer::slice(bytes.len(), ByteSpan::new(start, bytes.len())),
                encoding,
            }),
            Err(e) => Err(Failure {
                why: format!("invalid UTF-8 at byte {}", start + e.valid_up_to()),
            }),
        };
    }
    if (encoding == UTF_16LE || encoding == UTF_16BE) && !(bytes.len() - start).is_multiple_of(2) {
        return Err(Failure {
            why: format!(
                "truncated: odd number of bytes ({}) in {} text",
                bytes.len(),
                encoding.name()
            ),
        });
    }
    if encoding == GB18030 || encoding == GBK {
        if let Some(decoded) = decode_gb_in_bulk(bytes, start, encoding) {
            return Ok(decoded);
        }
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len() * 3 / 2);
    let mut builder = LayerBuilder::default();
    // Feed one byte at a time: whenever output appears, the bytes since the last
    // output made it. This is exact for every encoding_rs decoder, including Big5
    // pairs that decode to two characters and UTF-16 surrogate pairs.
    let mut seq_start = start;
    for at in start..bytes.len() {
        let last = at + 1 == bytes.len();
        let before = text.len();
        loop {
            text.reserve(16);
            let (result, _read) =
                decoder.decode_to_string_without_replacement(&bytes[at..at + 1], &mut text, last);
            match result {
                DecoderResult::InputEmpty => break,
                DecoderResult::OutputFull => continue,
                DecoderResult::Malformed(_, _) => {
                    let why = if last {
                        format!(
                            "truncated or invalid {} sequence at byte {seq_start} of {}",
                            encoding.name(),
                            bytes.len()
                        )
                    } else {
                        format!(
                            "invalid {} byte sequence at byte {seq_start}",
                            encoding.name()
                        )
                    };
                    return Err(Failure { why });
                }
            }
        }
        if text.len() > before {
            builder.push(seq_start, text.len() - before, at + 1 - seq_start);
            seq_start = at + 1;
        }
    }
    debug_assert_eq!(builder.out_len(), text.len());
    Ok(Decoded {
        text,
        layer: builder.finish(bytes.len()),
        encoding,
    })
}

/// The fast path for GBK/GB18030: decode in one call, then recover each character's
/// bytes from the encoding's structure (ASCII is one byte; a lead byte followed by a
/// digit starts a four-byte sequence; any other lead byte a two-byte one). Returns
/// `None` on malformed input or if the structure and the output disagree, leaving
/// the exact byte-by-byte path to decide and explain.
fn decode_gb_in_bulk(bytes: &[u8], start: usize, encoding: &'static Encoding) -> Option<Decoded> {
    let src = &bytes[start..];
    let text = encoding
        .decode_without_bom_handling_and_without_replacement(src)?
        .into_owned();
    let mut builder = LayerBuilder::default();
    let mut at = start;
    for c in text.chars() {
        let lead = *bytes.get(at)?;
        let n = match lead {
            0x00..=0x80 => 1,
            _ if bytes.get(at + 1).is_some_and(u8::is_ascii_digit) => 4,
            _ => 2,
        };
        builder.push(at, c.len_utf8(), n);
        at += n;
    }
    (at == bytes.len()).then(|| Decoded {
        text,
        layer: builder.finish(bytes.len()),
        encoding,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::RawMap;

    #[test]
    fn gb18030_units_map_to_their_bytes() {
        let (raw, _, _) = GB18030.encode("a海拉尔b€");
        let decoded = decode_as(&raw, 0, GB18030).unwrap();
        assert_eq!(decoded.text, "a海拉尔b€");
        let map = RawMap::from_layer(decoded.layer);
        let at = decoded.text.find("拉").unwrap();
        let raw_span = map.to_raw(ByteSpan::new(at, at + 3));
        assert_eq!(
            GB18030
                .decode_without_bom_handling(&raw[raw_span.start..raw_span.end])
                .0,
            "拉"
        );
    }

    #[test]
    fn truncated_gb18030_is_an_error() {
        let (raw, _, _) = GB18030.encode("海拉尔区");
        let failure = decode_as(&raw[..raw.len() - 1], 0, GB18030).err().unwrap();
        assert!(failure.why.contains("truncated"), "{}", failure.why);
    }
}
