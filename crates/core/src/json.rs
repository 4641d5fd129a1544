//! The JSON writer of the extraction view (`extract --format json` and `jsonl`).
//!
//! It writes exactly the bytes serde_json writes for the same value, compact or pretty
//! (two-space indent): the same string escapes (`\"`, `\\`, `\b \f \n \r \t`, other
//! control chars as `\u00xx`, everything else — U+2028 and non-BMP chars included —
//! as is), integers in decimal, finite floats through the formatter serde_json uses
//! (zmij), and `null` for a non-finite float. The view keeps its serde derives: the
//! tests (`tests/json_view.rs`) hold this writer to serde_json's bytes on real reports
//! and on made-up values with everything that must be escaped.
//!
//! Why not serde_json: writing the views of the national corpus (13 MB, mostly
//! Chinese) took it 178 M instructions, 132 M of them escaping strings a byte at a
//! time; sonic-rs (SIMD escaping, through the same serde derives) took 120 M; this
//! writer, which checks strings 16 to 64 bytes at a time and writes each field
//! directly, took 58 M, and takes 47 M now that keys are copied whole (made at
//! compile time by the crate's `field!` macro), short strings, integers and short
//! decimals written as one or two fixed-size stores each, without a call.

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
        self.array_with(items, |w, item| item.write_json(w));
    }

    /// Writes an array of `items`, each written by `write`.
    #[inline(always)]
    pub(crate) fn array_with<T>(
        &mut self,
        items: impl IntoIterator<Item = T>,
        mut write: impl FnMut(&mut Self, T),
    ) {
        self.open(b'[');
        for item in items {
            self.next_member();
            write(self, item);
        }
        self.close(b']');
    }

    /// In compact output, the number of bytes written so far, where a value to be
    /// copied later with [`JsonWriter::copy_written`] starts or ends; `None` in pretty
    /// output, where a value's bytes depend on its depth.
    pub(crate) fn compact_len(&self) -> Option<usize> {
        (!self.pretty).then_some(self.out.len())
    }

    /// Writes again the bytes `written` (found with [`JsonWriter::compact_len`]) of a
    /// value written earlier, for an equal value.
    pub(crate) fn copy_written(&mut self, written: Range<usize>) {
        self.out.extend_from_within(written);
    }

    /// Writes one member `key: value` of the object being written. `key` must be a
    /// plain name (nothing to escape).
    /// Inside this crate, the `field!` macro does the same with fewer instructions.
    // Inlined so that each literal key is copied with a few stores, not a call.
    #[inline(always)]
    pub fn field<T: WriteJson + ?Sized>(&mut self, key: &str, value: &T) {
        self.key(key);
        value.write_json(self);
    }

    /// Writes the key of a member of the object being written: `"key":`, after a comma
    /// unless it is the first (pretty: after a comma, a newline and the indent, with a
    /// space after the colon).
    #[inline(always)]
    fn key(&mut self, key: &str) {
        debug_assert!(
            key.bytes().all(|b| !needs_escape(b)),
            "{key:?} needs escaping"
        );
        if self.pretty {
            self.next_member();
            self.out.push(b'"');
            self.out.extend_from_slice(key.as_bytes());
            self.out.extend_from_slice(b"\": ");
        } else {
            if !self.first {
                self.out.push(b',');
            }
            self.first = false;
            self.out.push(b'"');
            self.out.extend_from_slice(key.as_bytes());
            self.out.extend_from_slice(b"\":");
        }
    }

    /// Writes one member of the object being written, its key made at compile time
    /// (see [`field!`](crate::json::field)).
    #[inline(always)]
    pub(crate) fn member<T: WriteJson + ?Sized>(&mut self, key: &Key, value: &T) {
        self.member_with(key, |w| value.write_json(w));
    }

    /// Writes one member of the object being written, its key made at compile time,
    /// its value written by `value` (see [`field_with!`](crate::json::field_with)).
    #[inline(always)]
    pub(crate) fn member_with(&mut self, key: &Key, value: impl FnOnce(&mut Self)) {
        if self.pretty {
            self.key(key.name);
        } else {
            // `,"key":` in one fixed-size copy, cut to its length; without the comma
            // for the first member.
            let at = self.out.len();
            let len = if self.first {
                self.out.extend_from_slice(&key.first);
                key.len - 1
            } else {
                self.out.extend_from_slice(&key.next);
                key.len
            };
            self.out.truncate(at + len);
            self.first = false;
        }
        value(self);
    }

    /// Writes `quoted`, a string literal already in quotes with nothing to escape
    /// (the names of unit enums), in one copy.
    #[inline(always)]
    pub fn quoted(&mut self, quoted: &'static str) {
        debug_assert!(
            quoted.len() >= 2
                && quoted.starts_with('"')
                && quoted.ends_with('"')
                && quoted[1..quoted.len() - 1]
                    .bytes()
                    .all(|b| !needs_escape(b)),
            "{quoted:?} is not a quoted plain name"
        );
        self.out.extend_from_slice(quoted.as_bytes());
    }

    /// Writes a string, escaped.
    #[inline]
    pub fn string(&mut self, s: &str) {
        if !write_short_plain(self.out, s.as_bytes()) {
            write_escaped(self.out, s);
        }
    }

    /// Writes `{"start": start, "end": end}`, the shape of every span (the most
    /// common object of the view, hence a shortcut for compact output).
    pub fn span(&mut self, start: usize, end: usize) {
        if self.pretty {
            self.object(|w| {
                w.field("start", &start);
                w.field("end", &end);
            });
        } else if let (Some(start), Some(end)) = (short(start as u64), short(end as u64)) {
            // Gathered in a fixed-size array, copied in one go and cut to its length.
            let (start, start_len) = digits(start);
            let (end, end_len) = digits(end);
            let mut bytes = [0u8; 40];
            bytes[..9].copy_from_slice(b"{\"start\":");
            bytes[9..17].copy_from_slice(&start.to_le_bytes());
            let at = 9 + start_len;
            bytes[at..at + 7].copy_from_slice(b",\"end\":");
            bytes[at + 7..at + 15].copy_from_slice(&end.to_le_bytes());
            let len = at + 7 + end_len;
            bytes[len] = b'}';
            let out_len = self.out.len();
            self.out.extend_from_slice(&bytes);
            self.out.truncate(out_len + len + 1);
        } else {
            self.out.extend_from_slice(b"{\"start\":");
            write_u64(self.out, start as u64);
            self.out.extend_from_slice(b",\"end\":");
            write_u64(self.out, end as u64);
            self.out.push(b'}');
        }
    }

    /// Writes `null`.
    pub fn null(&mut self) {
        self.out.extend_from_slice(b"null");
    }

    /// Writes an integer.
    #[inline]
    fn integer(&mut self, n: impl Integer) {
        let (negative, magnitude) = n.split();
        if negative {
            self.out.push(b'-');
        }
        write_u64(self.out, magnitude);
    }

    /// Writes a float as serde_json does: shortest round-trip form, `null` if not finite.
    fn float<F: zmij::Float + Copy>(&mut self, x: F, finite: bool) {
        if finite {
            self.out
                .extend_from_slice(zmij::Buffer::new().format_finite(x).as_bytes());
        } else {
            self.null();
        }
    }

    #[inline(always)]
    fn open(&mut self, bracket: u8) {
        self.out.push(bracket);
        self.depth += 1;
        self.first = true;
    }

    #[inline(always)]
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

/// The key of a member as [`JsonWriter::member`] writes it in compact output:
/// `,"key":` and `"key":` in fixed-size arrays, made at compile time by
/// [`field!`](crate::json::field).
pub(crate) struct Key {
    name: &'static str,
    /// `,"key":`, then zeros.
    next: [u8; KEY_BYTES],
    /// `"key":`, then zeros.
    first: [u8; KEY_BYTES],
    /// Length of `,"key":`.
    len: usize,
}

/// Room for `,"key":` with a key of up to 20 bytes (the view's longest is 13).
const KEY_BYTES: usize = 24;

impl Key {
    /// The key `name`, which must be a plain name of at most 20 bytes; checked at
    /// compile time.
    pub(crate) const fn new(name: &'static str) -> Key {
        let key = name.as_bytes();
        let len = key.len() + 4;
        assert!(len <= KEY_BYTES, "key too long");
        let mut next = [0; KEY_BYTES];
        let mut first = [0; KEY_BYTES];
        next[0] = b',';
        next[1] = b'"';
        first[0] = b'"';
        let mut k = 0;
        while k < key.len() {
            assert!(!needs_escape(key[k]), "key needs escaping");
            next[2 + k] = key[k];
            first[1 + k] = key[k];
            k += 1;
        }
        next[len - 2] = b'"';
        next[len - 1] = b':';
        first[len - 3] = b'"';
        first[len - 2] = b':';
        Key {
            name,
            next,
            first,
            len,
        }
    }
}

/// `field!(w, "key", value)` writes member `"key": value` with [`JsonWriter`] `w`
/// as [`JsonWriter::field`] does, the key's bytes made at compile time.
macro_rules! field {
    ($w:expr, $key:literal, $value:expr) => {
        $w.member(const { &$crate::json::Key::new($key) }, $value)
    };
}
pub(crate) use field;

/// `field_with!(w, "key", |w| ...)` writes member `"key": value` as [`field!`] does,
/// the value written by the closure.
macro_rules! field_with {
    ($w:expr, $key:literal, $value:expr) => {
        $w.member_with(const { &$crate::json::Key::new($key) }, $value)
    };
}
pub(crate) use field_with;

/// An integer type the writer takes: its sign and magnitude.
trait Integer: Copy {
    /// Whether it is negative, and its absolute value.
    fn split(self) -> (bool, u64);
}

macro_rules! unsigned {
    ($($t:ty)*) => {$(
        impl Integer for $t {
            #[inline(always)]
            fn split(self) -> (bool, u64) {
                (false, self as u64)
            }
        }
    )*};
}
unsigned!(u8 u32 u64 usize);

impl Integer for i32 {
    #[inline(always)]
    fn split(self) -> (bool, u64) {
        (self < 0, u64::from(self.unsigned_abs()))
    }
}

/// Appends `n` in decimal. Below 10^8 (every offset and year of the view) the digits
/// are gathered in one word ([`digits`]), written in one fixed 8-byte copy and the
/// copy cut to their number: no buffer, no call.
#[inline]
fn write_u64(out: &mut Vec<u8>, n: u64) {
    match short(n) {
        Some(n) => {
            let (word, len) = digits(n);
            let at = out.len();
            out.extend_from_slice(&word.to_le_bytes());
            out.truncate(at + len);
        }
        None => write_long(out, n),
    }
}

/// `n` if it is below 10^8, the numbers [`digits`] takes.
#[inline(always)]
fn short(n: u64) -> Option<u32> {
    u32::try_from(n).ok().filter(|&n| n < 100_000_000)
}

/// The decimal digits of `n` (below 10^8) as the bytes of a little-endian word, and
/// their number. Found without a loop or a table: the 8 digits (zero-padded) are split
/// out in parallel, two halves of four, four pairs, eight digits, each step one
/// multiply-shift per lane (the divisions by 100 and 10 exact in their ranges), and
/// the leading zeros dropped with a shift.
#[inline(always)]
fn digits(n: u32) -> (u64, usize) {
    debug_assert!(n < 100_000_000);
    let n = u64::from(n);
    // Lanes of 32 bits: the high four digits first (in the low lane).
    let halves = (n / 10_000) | ((n % 10_000) << 32);
    // Lanes of 16 bits, each below 100: x / 100 is (x * 5243) >> 19 below 43,699.
    let hundreds = ((halves * 5243) >> 19) & 0x0000_007f_0000_007f;
    let pairs = hundreds | (halves - hundreds * 100) << 16;
    // Lanes of 8 bits, each below 10: x / 10 is (x * 103) >> 10 below 1,029.
    let tens = ((pairs * 103) >> 10) & 0x000f_000f_000f_000f;
    let digits = tens | (pairs - tens * 10) << 8;
    // The leading zeros are the low zero bytes; the last digit always stays.
    let zeros = (digits | 1 << 56).trailing_zeros() as usize / 8;
    ((digits >> (8 * zeros)) + 0x3030_3030_3030_3030, 8 - zeros)
}

/// Appends `x` as serde_json would if it is a short decimal (at most four decimals,
/// below 10^9 in magnitude, not zero) — most values of the view: `2016.0`, `7.5`,
/// `-0.35` — and says whether it did, without the general shortest-form search.
///
/// The form is the one the formatter finds: `k / 10^d` with the fewest decimals `d`
/// that reads back as `x` is the shortest, and it is the only one with `d` decimals
/// that does, since below 10^9 a float's neighbours lie closer together than 10^-4
/// (so the formatter, which also picks the closest of the shortest, picks it). Such a
/// number is written in plain notation (`12.5`, `0.0001`, `100.0`).
#[inline]
fn write_short_decimal(out: &mut Vec<u8>, x: f64) -> bool {
    const SCALE: [f64; 5] = [1.0, 10.0, 100.0, 1000.0, 10000.0];
    let magnitude = x.abs();
    // Also rules out zero (whose sign is kept), NaN and the infinities.
    if !(1e-4..1e9).contains(&magnitude) {
        return false;
    }
    for (decimals, &scale) in SCALE.iter().enumerate() {
        // Below 10^13, so the integer and its float are exact.
        let k = (magnitude * scale + 0.5) as u64;
        if k as f64 / scale != magnitude {
            continue;
        }
        if x < 0.0 {
            out.push(b'-');
        }
        let unit = scale as u64;
        write_u64(out, k / unit);
        if decimals == 0 {
            out.extend_from_slice(b".0");
        } else {
            // The decimals with their leading zeros: the digits of 10^d + fraction
            // but the first, the `1`, which is the word's lowest byte.
            let (word, len) = digits((unit + k % unit) as u32);
            let at = out.len();
            out.extend_from_slice(&(word & !0xff | u64::from(b'.')).to_le_bytes());
            out.truncate(at + len);
        }
        return true;
    }
    false
}

/// Appends `n` in decimal, for numbers of nine digits or more.
#[cold]
fn write_long(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Whether serde_json escapes byte `b` in a string.
const fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Whether no byte of `chunk` must be escaped; written so that it compiles to a few
/// vector instructions (16 bytes at once).
fn is_plain<const N: usize>(chunk: &[u8; N]) -> bool {
    let special = chunk.iter().fold(0u8, |special, &b| {
        special | u8::from(b < 0x20) | u8::from(b == b'"') | u8::from(b == b'\\')
    });
    special == 0
}

/// Whether no byte of `word` must be escaped, in a few integer operations: the
/// classic tests for "a byte below 0x20" and "a zero byte" (after xor with `"` or
/// `\\`), each exact as a yes-or-no answer.
fn word_is_plain(word: u64) -> bool {
    const ONES: u64 = u64::MAX / 255;
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x;
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    (below(word, 0x20) | below(quote, 1) | below(backslash, 1)) & (ONES * 0x80) == 0
}

/// Appends `bytes` as a JSON string if it is 4 to 64 bytes long with nothing to
/// escape (a unit, an id, a verb, a heading), and says whether it did. Up to 16
/// bytes, such a string is two overlapping words (or halves of one), checked
/// together and copied as two fixed-size stores, the second cutting the first back
/// to the string's length: no loop and no call. Longer ones are two overlapping
/// chunks ([`write_two_chunks`]).
#[inline(always)]
fn write_short_plain(out: &mut Vec<u8>, bytes: &[u8]) -> bool {
    let n = bytes.len();
    let at = out.len() + 1;
    if (8..=16).contains(&n) {
        let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8"));
        let (head, tail) = (word(0), word(n - 8));
        if !(word_is_plain(head) && word_is_plain(tail)) {
            return false;
        }
        out.push(b'"');
        out.extend_from_slice(&head.to_le_bytes());
        out.truncate(at + n - 8);
        out.extend_from_slice(&tail.to_le_bytes());
    } else if (4..8).contains(&n) {
        let half = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4"));
        let (head, tail) = (half(0), half(n - 4));
        if !word_is_plain(u64::from(head) | u64::from(tail) << 32) {
            return false;
        }
        out.push(b'"');
        out.extend_from_slice(&head.to_le_bytes());
        out.truncate(at + n - 4);
        out.extend_from_slice(&tail.to_le_bytes());
    } else if (17..=32).contains(&n) {
        return write_two_chunks::<16>(out, bytes);
    } else if (33..=64).contains(&n) {
        return write_two_chunks::<32>(out, bytes);
    } else {
        return false;
    }
    out.push(b'"');
    true
}

/// Appends `bytes`, `N` to `2 * N` bytes long, as a JSON string if nothing in it must
/// be escaped, and says whether it did: as [`write_short_plain`] does with words, but
/// with two overlapping `N`-byte chunks (a heading, an area, the object of a task),
/// checked as vectors and copied as two fixed-size stores instead of a call to memcpy.
#[inline(always)]
fn write_two_chunks<const N: usize>(out: &mut Vec<u8>, bytes: &[u8]) -> bool {
    let n = bytes.len();
    debug_assert!((N..=2 * N).contains(&n));
    let head: &[u8; N] = bytes[..N].try_into().expect("N bytes");
    let tail: &[u8; N] = bytes[n - N..].try_into().expect("N bytes");
    if !(is_plain(head) && is_plain(tail)) {
        return false;
    }
    let at = out.len() + 1;
    out.push(b'"');
    out.extend_from_slice(head);
    out.truncate(at + n - N);
    out.extend_from_slice(tail);
    out.push(b'"');
    true
}

/// Appends `s` as a JSON string. Most strings are Chinese, with nothing to escape:
/// they are checked 64 bytes at a time, a block with something to escape 16 bytes at
/// a time, and only such a chunk byte by byte.
#[inline(never)]
fn write_escaped(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // `bytes[run..]` is not copied yet.
    let mut run = 0;
    let mut at = 0;
    while let Some(block) = bytes.get(at..at + 64) {
        if !is_plain::<64>(block.try_into().expect("64 bytes")) {
            escape_chunks(out, bytes, &mut run, at..at + 64);
        }
        at += 64;
    }
    let n = bytes.len();
    if at < n {
        // Checks reach back over bytes already seen rather than copy the tail.
        let tail_plain = if n >= 64 {
            is_plain::<64>(bytes[n - 64..].try_into().expect("64 bytes"))
        } else if n >= 16 {
            let mut chunks = bytes.chunks_exact(16);
            chunks.all(|c| is_plain::<16>(c.try_into().expect("16 bytes")))
                && is_plain::<16>(bytes[n - 16..].try_into().expect("16 bytes"))
        } else if n >= 8 {
            // Two words, overlapping unless `n` is 16.
            let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8"));
            word_is_plain(word(0)) && word_is_plain(word(n - 8))
        } else if n >= 4 {
            // Two halves of a word, overlapping unless `n` is 8.
            let half = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4"));
            word_is_plain(u64::from(half(0)) | u64::from(half(n - 4)) << 32)
        } else {
            !bytes.iter().any(|&b| needs_escape(b))
        };
        if !tail_plain {
            escape_chunks(out, bytes, &mut run, at..n);
        }
    }
    out.extend_from_slice(&bytes[run..]);
    out.push(b'"');
}

/// Escapes what needs it in `bytes[range]` (at most 64 bytes, a multiple of 16 unless
/// it ends the string), checking 16 bytes at a time; see [`escape_word`].
fn escape_chunks(out: &mut Vec<u8>, bytes: &[u8], run: &mut usize, range: Range<usize>) {
    let mut at = range.start;
    while at + 16 <= range.end {
        if !is_plain::<16>(bytes[at..at + 16].try_into().expect("16 bytes")) {
            escape_word(out, bytes, run, at);
            escape_word(out, bytes, run, at + 8);
        }
        at += 16;
    }
    for at in at..range.end {
        escape_byte(out, bytes, run, at);
    }
}

/// Escapes what needs it in the 8 bytes at `at`; the bytes before each escape are
/// copied from `run` on, and `run` is left after the last escaped byte.
fn escape_word(out: &mut Vec<u8>, bytes: &[u8], run: &mut usize, at: usize) {
    const ONES: u64 = u64::MAX / 255;
    const LOW7: u64 = ONES * 0x7f;
    let word = u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
    // Per-byte tests whose sums stay within their byte (no borrow or carry crosses
    // into the next), so that every flag is exact: high bit set where the byte is
    // below 0x20, where it is zero after xor with `"`, after xor with `\\`.
    let below_space = !(((word & LOW7) + ONES * 0x60) | word);
    let zero = |x: u64| !(((x & LOW7) + LOW7) | x);
    let quote = zero(word ^ (ONES * u64::from(b'"')));
    let backslash = zero(word ^ (ONES * u64::from(b'\\')));
    let mut flags = (below_space | quote | backslash) & (ONES * 0x80);
    while flags != 0 {
        let k = at + flags.trailing_zeros() as usize / 8;
        out.extend_from_slice(&bytes[*run..k]);
        write_escape(out, bytes[k]);
        *run = k + 1;
        flags &= flags - 1;
    }
}

/// Escapes byte `at` if it needs it, as [`escape_word`] does.
fn escape_byte(out: &mut Vec<u8>, bytes: &[u8], run: &mut usize, at: usize) {
    let b = bytes[at];
    if needs_escape(b) {
        out.extend_from_slice(&bytes[*run..at]);
        write_escape(out, b);
        *run = at + 1;
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
        if !write_short_decimal(w.out, *self) {
            w.float(*self, self.is_finite());
        }
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
        // Short strings of every length, with one char to escape at every place.
        for n in 1..20 {
            for at in 0..n {
                for c in ['\u{0}', '\u{1f}', '"', '\\', '\n'] {
                    let mut s = "x".repeat(n - 1);
                    s.insert(at, c);
                    cases.push(s.clone());
                    cases.push(s.replace('x', "é"));
                }
            }
            cases.push("y".repeat(n));
            cases.push(" ~\u{7f}\u{80}".repeat(n));
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
        // Short decimals (the fast path) and their neighbours (not short), on both
        // sides of its bounds and with every number of decimals.
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut random = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for decimals in 0..=7 {
            let scale = 10f64.powi(decimals);
            let mut ks: Vec<u64> = (0..2000).collect();
            ks.extend((0..2000).map(|_| random() % 10_000_000_000_000));
            ks.extend([99_999_999, 100_000_000, 999_999_999, 1_000_000_000]);
            for k in ks {
                let x = k as f64 / scale;
                for y in [x, -x, x.next_up(), x.next_down(), x * 3.0, x / 7.0] {
                    assert_eq!(compact(&y), serde_json::to_string(&y).expect("ok"), "{y}");
                }
            }
        }
        for _ in 0..20_000 {
            let y = f64::from_bits(random());
            assert_eq!(compact(&y), serde_json::to_string(&y).expect("ok"), "{y}");
        }
        for x in [0.0f32, 0.1, 0.9, 1.0, 0.55, f32::NAN, 3e38] {
            assert_eq!(compact(&x), serde_json::to_string(&x).expect("ok"), "{x}");
        }
        assert_eq!(
            compact(&[0usize, 42, usize::MAX][..]),
            "[0,42,18446744073709551615]"
        );
        assert_eq!(compact(&[i32::MIN, -1, 2016][..]), "[-2147483648,-1,2016]");
        // Every number of digits, at both ends and in between, on both sides of the
        // 10^8 where the short path ends.
        let mut ints: Vec<u64> = vec![u64::from(u32::MAX), u64::MAX];
        for digits in 1..=20u32 {
            let low = 10u64.pow(digits - 1);
            let high = 10u64.checked_pow(digits).map_or(u64::MAX, |p| p - 1);
            ints.extend([low, low + 1, low + low / 2 + 7, high - 1, high]);
        }
        for n in ints {
            assert_eq!(compact(&(n as usize)), n.to_string());
            if let Ok(small) = u32::try_from(n) {
                assert_eq!(compact(&small), n.to_string());
            }
            if let Ok(signed) = i32::try_from(n) {
                assert_eq!(compact(&-signed), format!("-{n}"));
            }
        }
        for n in 0..=u8::MAX {
            assert_eq!(compact(&n), n.to_string());
        }
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
