//! The JSON writer of the extraction view (`extract --format json` and `jsonl`).
//!
//! It writes exactly the bytes serde_json writes for the same value, compact or pretty
//! (two-space indent): the same string escapes (`\"`, `\\`, `\b \f \n \r \t`, other
//! control chars as `\u00xx`, everything else — U+2028 and non-BMP chars included —
//! as is), integers in decimal, finite floats through the formatter serde_json uses
//! (zmij), and `null` for a non-finite float. The view's serde derives stay: tests
//! check this writer against serde_json on every view of the corpus.
//!
//! Why not serde_json: on the national corpus it spent 174 M instructions writing
//! 13 MB of JSON, 132 M of them escaping strings a byte at a time; this writer looks
//! at 16 bytes at once and writes the view's fields directly (about 25 M in all).

use std::ops::Range;

/// Writes JSON values into a byte buffer; see the module doc for the format.
pub struct JsonWriter<'o> {
    out: &'o mut Vec<u8>,
    pretty: bool,
    depth: usize,
    /// No member has been written yet in the innermost open object or array.
    first: bool,
}

/// A value that writes itself as JSON.
pub trait WriteJson {
    /// Writes `self` as one JSON value.
    fn write_json(&self, w: &mut JsonWriter);
}

impl<'o> JsonWriter<'o> {
    /// A writer appending compact JSON (no whitespace) to `out`.
    pub fn compact(out: &'o mut Vec<u8>) -> JsonWriter<'o> {
        JsonWriter {
            out,
            pretty: false,
            depth: 0,
            first: true,
        }
    }

    /// A writer appending indented JSON (serde_json's `to_writer_pretty`) to `out`.
    pub fn pretty(out: &'o mut Vec<u8>) -> JsonWriter<'o> {
        JsonWriter {
            pretty: true,
            ..JsonWriter::compact(out)
        }
    }

    /// Writes an object whose members `members` writes with [`JsonWriter::field`].
    pub fn object(&mut self, members: impl FnOnce(&mut Self)) {
        self.open(b'{');
        members(self);
        self.close(b'}');
    }

    /// Writes an array of `items`.
    pub fn array<T: WriteJson>(&mut self, items: impl IntoIterator<Item = T>) {
        self.open(b'[');
        for item in items {
            self.next_member();
            item.write_json(self);
        }
        self.close(b']');
    }

    /// Writes one member `key: value` of the object being written. `key` must be a
    /// plain name (nothing to escape).
    // Inlined so that each literal key is copied with a few stores, not a call.
    #[inline(always)]
    pub fn field<T: WriteJson + ?Sized>(&mut self, key: &str, value: &T) {
        debug_assert!(
            key.bytes().all(|b| !needs_escape(b)),
            "{key:?} needs escaping"
        );
        self.next_member();
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\":");
        if self.pretty {
            self.out.push(b' ');
        }
        value.write_json(self);
    }

    /// Writes a string, escaped.
    pub fn string(&mut self, s: &str) {
        write_escaped(self.out, s);
    }

    /// Writes `null`.
    pub fn null(&mut self) {
        self.out.extend_from_slice(b"null");
    }

    /// Writes an integer.
    pub fn integer(&mut self, n: impl itoa::Integer) {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    }

    /// Writes a float as serde_json does: shortest round-trip form, `null` if not finite.
    pub fn float<F: zmij::Float + Copy>(&mut self, x: F, finite: bool) {
        if finite {
            self.out
                .extend_from_slice(zmij::Buffer::new().format_finite(x).as_bytes());
        } else {
            self.null();
        }
    }

    fn open(&mut self, bracket: u8) {
        self.out.push(bracket);
        self.depth += 1;
        self.first = true;
    }

    fn close(&mut self, bracket: u8) {
        self.depth -= 1;
        if self.pretty && !self.first {
            self.newline();
        }
        self.out.push(bracket);
        self.first = false;
    }

    /// The separator before a member of an object or array.
    #[inline(always)]
    fn next_member(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        if self.pretty {
            self.newline();
        }
    }

    fn newline(&mut self) {
        self.out.push(b'\n');
        for _ in 0..self.depth {
            self.out.extend_from_slice(b"  ");
        }
    }
}

/// Whether serde_json escapes byte `b` in a string.
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Whether no byte of `chunk` must be escaped; written so that it compiles to a few
/// vector instructions (16 bytes at once).
fn is_plain(chunk: &[u8; 16]) -> bool {
    let special = chunk.iter().fold(0u8, |special, &b| {
        special | u8::from(b < 0x20) | u8::from(b == b'"') | u8::from(b == b'\\')
    });
    special == 0
}

/// Appends `s` as a JSON string. Most strings are Chinese, with nothing to escape:
/// they are checked 16 bytes at a time, and only a chunk with something to escape is
/// looked at byte by byte.
fn write_escaped(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let n = bytes.len();
    out.reserve(n + 2);
    out.push(b'"');
    // `bytes[run..]` is not copied yet.
    let mut run = 0;
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 16) {
        if !is_plain(chunk.try_into().expect("16 bytes")) {
            escape_range(out, bytes, &mut run, at..at + 16);
        }
        at += 16;
    }
    let tail_plain = match n.checked_sub(16) {
        // The last 16 bytes: the tail and some already seen.
        Some(last) => is_plain(bytes[last..].try_into().expect("16 bytes")),
        None => !bytes.iter().any(|&b| needs_escape(b)),
    };
    if !tail_plain {
        escape_range(out, bytes, &mut run, at..n);
    }
    out.extend_from_slice(&bytes[run..]);
    out.push(b'"');
}

/// Escapes the bytes of `range` that need it, copying the plain bytes before each
/// from `run` on; `run` is left after the last escaped byte.
fn escape_range(out: &mut Vec<u8>, bytes: &[u8], run: &mut usize, range: Range<usize>) {
    for at in range {
        let b = bytes[at];
        if needs_escape(b) {
            out.extend_from_slice(&bytes[*run..at]);
            write_escape(out, b);
            *run = at + 1;
        }
    }
}

/// Appends the escape of `b`, one of the bytes [`needs_escape`] accepts.
fn write_escape(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match b {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x0c => b'f',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        _ => {
            let hex = [
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xf)],
            ];
            out.extend_from_slice(&hex);
            return;
        }
    };
    out.extend_from_slice(&[b'\\', short]);
}

impl WriteJson for str {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self);
    }
}

impl WriteJson for String {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self);
    }
}

impl WriteJson for f64 {
    fn write_json(&self, w: &mut JsonWriter) {
        w.float(*self, self.is_finite());
    }
}

impl WriteJson for f32 {
    fn write_json(&self, w: &mut JsonWriter) {
        w.float(*self, self.is_finite());
    }
}

macro_rules! integers {
    ($($t:ty)*) => {$(
        impl WriteJson for $t {
            fn write_json(&self, w: &mut JsonWriter) {
                w.integer(*self);
            }
        }
    )*};
}
integers!(u8 u32 i32 usize);

impl<T: WriteJson + ?Sized> WriteJson for &T {
    fn write_json(&self, w: &mut JsonWriter) {
        (**self).write_json(w);
    }
}

impl<T: WriteJson> WriteJson for Option<T> {
    fn write_json(&self, w: &mut JsonWriter) {
        match self {
            Some(value) => value.write_json(w),
            None => w.null(),
        }
    }
}

impl<T: WriteJson> WriteJson for [T] {
    fn write_json(&self, w: &mut JsonWriter) {
        w.array(self);
    }
}

impl<T: WriteJson> WriteJson for Vec<T> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.array(self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compact<T: WriteJson + ?Sized>(value: &T) -> String {
        let mut out = Vec::new();
        value.write_json(&mut JsonWriter::compact(&mut out));
        String::from_utf8(out).expect("UTF-8")
    }

    fn pretty<T: WriteJson + ?Sized>(value: &T) -> String {
        let mut out = Vec::new();
        value.write_json(&mut JsonWriter::pretty(&mut out));
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn strings_are_escaped_as_serde_json_does() {
        let mut cases: Vec<String> = [
            "",
            "plain ascii",
            "海淀区2016年GDP增长7.5%",
            "quote \" backslash \\ slash / del \u{7f}",
            "\u{2028}\u{2029} line separators stay raw",
            "non-BMP 𠀀😀 chars",
            "tab\there\r\nnewline\u{8}\u{c}",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every char to escape (and a few not to), alone and at each place of a
        // string longer than two 16-byte chunks, once and twice.
        let special = (0u8..0x20).map(char::from);
        for c in special.chain(['"', '\\', '/', '\u{7f}', '\u{2028}']) {
            cases.push(c.to_string());
            cases.push(format!("{c}{c}"));
            let base = "中".repeat(4) + "abcdefghijklmnopqrstuvwxyz";
            for (at, _) in base.char_indices() {
                let mut s = base.clone();
                s.insert(at, c);
                cases.push(s.clone());
                s.insert(0, c);
                cases.push(s);
            }
        }
        for s in &cases {
            let expected = serde_json::to_string(s).expect("serializes");
            assert_eq!(compact(s.as_str()), expected, "{s:?}");
        }
    }

    #[test]
    fn floats_and_integers_are_written_as_serde_json_does() {
        let floats = [
            0.0,
            -0.0,
            0.1,
            1.0,
            7.5,
            -3.25,
            1e20,
            1e21,
            1e-7,
            123456789.0,
            1.0 / 3.0,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for x in floats {
            assert_eq!(compact(&x), serde_json::to_string(&x).expect("ok"), "{x}");
        }
        for x in [0.0f32, 0.1, 0.9, 1.0, 0.55, f32::NAN, 3e38] {
            assert_eq!(compact(&x), serde_json::to_string(&x).expect("ok"), "{x}");
        }
        assert_eq!(
            compact(&[0usize, 42, usize::MAX][..]),
            "[0,42,18446744073709551615]"
        );
        assert_eq!(compact(&[i32::MIN, -1, 2016][..]), "[-2147483648,-1,2016]");
    }

    #[derive(serde::Serialize)]
    struct Sample {
        name: &'static str,
        list: Vec<Option<f64>>,
        empty: Vec<u8>,
        nested: Vec<Vec<u32>>,
        none: Option<u8>,
    }

    impl WriteJson for Sample {
        fn write_json(&self, w: &mut JsonWriter) {
            w.object(|w| {
                w.field("name", self.name);
                w.field("list", &self.list);
                w.field("empty", &self.empty);
                w.field("nested", &self.nested);
                w.field("none", &self.none);
            });
        }
    }

    #[test]
    fn objects_and_arrays_are_laid_out_as_serde_json_does() {
        let sample = Sample {
            name: "x",
            list: vec![Some(1.5), None],
            empty: vec![],
            nested: vec![vec![], vec![1, 2]],
            none: None,
        };
        assert_eq!(
            compact(&sample),
            serde_json::to_string(&sample).expect("ok")
        );
        assert_eq!(
            pretty(&sample),
            serde_json::to_string_pretty(&sample).expect("ok")
        );
        assert_eq!(pretty(&Vec::<u8>::new()), "[]");
    }
}
