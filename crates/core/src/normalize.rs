//! Normalization: the single text every later stage reads.
//!
//! Three steps, each keeping a map back to the input:
//!
//! 1. **Characters** ([`fold_chars`], one [`Rewriter`] pass): full-width ASCII to
//!    half-width (`（一）`→`(一)`, `７．５％`→`7.5%`), ideographic and other spaces to
//!    ASCII space, CRLF/CR to LF, `﹪`→`%`, `︰` and `∶`→`:`, `〝〞`→`“”`, dashes and tildes between digits
//!    to `-`; pinyin glosses after characters (`現(xiàn)場`) are removed and listed.
//!    Whitespace is tidied quietly: spaces go at line starts and ends, between CJK
//!    text and digits or punctuation (`2023 年`), and between ideographs next to a
//!    lone glyph (PDF spaced glyphs, `我 们 坚 持`); a space between two words of
//!    ideographs (`蓝图 建陇东南大市`, a list of names) stays. Blank-line runs
//!    collapse to one blank line.
//! 2. **Traditional → simplified** as `fast2s` does it, by tables that `build.rs`
//!    makes from `fast2s`, in place: it maps 3-byte chars to 3-byte chars, so byte
//!    offsets, and the map of step 1, stay valid.
//! 3. **Lines** ([`clean_lines`], one [`Rewriter`] pass after a read-only analysis):
//!    junk from [`CleanRules`] is removed and listed, and lines broken inside a
//!    sentence are joined: lines of hard-wrapped blocks (PDF text, `地\n区生产总值`),
//!    obvious fragments (`《\n…\n》`), and single breaks after an unfinished
//!    sentence in texts whose paragraphs are separated by blank lines.
//!
//! Not done, on purpose: doc-farm word swaps (local_dev 03 writes 开展 for 发展, 效劳
//! for 服务, 根底 for 基础, 回忆 for 回顾, 工程 for 项目). Undoing them needs context
//! that this stage does not have (开展 and 工程 are ordinary words in real reports), and
//! a wrong "fix" would change true report text. Later stages may flag such pages.
//!
//! Speed matters (the stage should stay well above 100 MB/s): step 1 walks bytes and
//! passes over plain ideographs and common punctuation by table lookups (tables made
//! by `build.rs` and at compile time), decoding only the other non-ASCII chars; step 3
//! scans the text once with Aho-Corasick.

use crate::clean::{is_ideograph, JunkMatch};
use crate::rewrite::{Rewriter, Rewritten};

pub use crate::clean::{CleanRules, DataError};

/// Normalizes `input` with `rules`: folded, simplified, tidied and cleaned text, its map
/// back to `input`, and every removal with its reason.
pub fn normalize(input: &str, rules: &CleanRules) -> Rewritten {
    let (mut folded, traditional_at) = fold_chars_noting_traditional(input);
    to_simplified(&mut folded.text, &traditional_at);
    let mut out = folded.then(|text| clean_lines(text, rules));
    // Removals of the line pass hold folded, simplified text; give them the input's.
    for removal in &mut out.removals {
        if removal.text != removal.span.of(input) {
            removal.text = removal.span.of(input).to_string();
        }
    }
    out
}

// Tables made by build.rs from `fast2s` itself, so they always agree with the crate.
// `T2S_CANDIDATES`: a bit for every char that `fast2s` may change; it lets simplified
// text, the common case, skip conversion entirely. `T2S_RANK` and `T2S_ALONE`: what
// each candidate becomes between neutral neighbours. `T2S_CONTEXT` and
// `T2S_CONTEXT_RULES`: the chars that some neighbours change otherwise, and how.
// `PLAIN_IDEOGRAPHS`: the ideographs `fast2s` leaves alone, and `T2S_CJK_PUNCTUATION`:
// the candidates among U+3000..U+303F, from which `PLAIN_RUN`, the table of the byte
// scan of step 1, is made at compile time.
include!(concat!(env!("OUT_DIR"), "/t2s_candidates.rs"));

fn is_t2s_candidate(table: &[u64], c: char) -> bool {
    let code = c as usize;
    code < 0x10000 && table[code / 64] & (1 << (code % 64)) != 0
}

/// What `fast2s` makes of the candidate `cur` between `before` and `after` (`None` at
/// the text's edges), by the tables of build.rs; `None` when they do not tell (a
/// context char next to a char above U+FFFF, which build.rs did not probe).
fn simplified_by_table(before: Option<char>, cur: char, after: Option<char>) -> Option<char> {
    let code = cur as usize;
    let word = *T2S_CANDIDATES.get(code / 64)?;
    let bit = 1u64 << (code % 64);
    if word & bit == 0 {
        return Some(cur);
    }
    let rank = usize::from(T2S_RANK[code / 64]) + (word & (bit - 1)).count_ones() as usize;
    let alone = T2S_ALONE[rank];
    if !T2S_CONTEXT.contains(&cur) {
        return Some(alone);
    }
    // `fast2s` puts '0' beyond the edges, a neutral neighbour (checked by build.rs).
    let (before, after) = (before.unwrap_or('0'), after.unwrap_or('0'));
    if u32::from(before) > 0xFFFF || u32::from(after) > 0xFFFF {
        return None;
    }
    let rule = |neighbour: char, stands_before: bool| {
        T2S_CONTEXT_RULES
            .iter()
            .find(|r| r.0 == cur && r.1 == neighbour && r.2 == stands_before)
            .map(|r| r.3)
    };
    Some(
        rule(before, true)
            .or_else(|| rule(after, false))
            .unwrap_or(alone),
    )
}

/// Converts traditional characters to simplified ones in place, as `fast2s` converts
/// the whole text; `candidates` are the byte offsets of the chars that may change.
///
/// `fast2s` maps 3-byte UTF-8 chars to 3-byte chars, so the byte layout is unchanged;
/// a conversion that changed a length would be skipped rather than break the offset
/// map. Each char is converted by the tables of build.rs, with its neighbours, which
/// is what `fast2s` looks at.
fn to_simplified(text: &mut String, candidates: &[usize]) {
    let mut replacements: Vec<(usize, char)> = Vec::new();
    for &at in candidates {
        let Some(current) = text[at..].chars().next() else {
            continue;
        };
        let before = text[..at].chars().next_back();
        let after = text[at + current.len_utf8()..].chars().next();
        let converted = simplified_by_table(before, current, after).or_else(|| {
            let window: String = before.into_iter().chain([current]).chain(after).collect();
            fast2s::convert(&window)
                .chars()
                .nth(usize::from(before.is_some()))
        });
        if let Some(new) =
            converted.filter(|new| *new != current && new.len_utf8() == current.len_utf8())
        {
            replacements.push((at, new));
        }
    }
    if replacements.is_empty() {
        return;
    }
    // Rebuilt from pieces rather than patched as bytes, which would need a UTF-8
    // check of the whole text afterwards.
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (at, new) in replacements {
        out.push_str(&text[copied..at]);
        out.push(new);
        copied = at + new.len_utf8();
    }
    out.push_str(&text[copied..]);
    *text = out;
}

// ---------------------------------------------------------------------------------
// Step 1: characters.

/// Spaces other than ASCII space that count as whitespace: ideographic space, NBSP,
/// the typographic spaces.
const fn is_wide_space(c: char) -> bool {
    matches!(
        c,
        '\u{3000}' | '\u{A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}'
    )
}

/// Chars that take no room and carry nothing: zero-width space, BOM.
const fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{FEFF}')
}

/// Unicode line and paragraph separators and NEL, which some exports use for `\n`.
const fn is_unicode_break(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}')
}

fn is_space_like(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
        || is_wide_space(c)
        || is_zero_width(c)
        || is_unicode_break(c)
}

/// What `c` becomes in step 1, ignoring context (dashes between digits).
const fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => match char::from_u32(c as u32 - 0xFEE0) {
            Some(half) => half,
            None => c,
        },
        '﹪' => '%',
        '︰' | '∶' => ':',
        // Double prime quotes (`“十一五〞`) are the Chinese quotes drawn differently.
        '〝' => '“',
        '〞' | '〟' => '”',
        '−' => '-',
        c if is_wide_space(c) => ' ',
        c => c,
    }
}

/// Dashes and tildes that mean a range when they stand between digits (`3－5年`,
/// `6%～6.5%`).
const fn is_range_dash(c: char) -> bool {
    matches!(c, '-' | '－' | '–' | '—' | '~' | '～' | '〜' | '﹣')
}

/// The blocks of the common punctuation of Chinese text (`“”`, `、。`, full-width
/// forms), whose step-1 treatment [`PUNCTUATION`] holds.
const PUNCTUATION_BLOCKS: [(u32, u32); 3] = [(0x2000, 0x206F), (0x3000, 0x303F), (0xFF00, 0xFFEF)];

/// In [`PUNCTUATION`]: the char stays as it is.
const KEEP: u8 = 1;

/// What step 1 does with each char of [`PUNCTUATION_BLOCKS`], in block order, worked
/// out at compile time from the functions above: [`KEEP`], an ASCII byte it folds to,
/// or 0 for chars that need more (spaces, dashes, `（`, folds to non-ASCII chars).
/// Decoding a char and asking each function in turn cost more than the rest of step 1
/// for these chars, which are a tenth of a report.
const PUNCTUATION: [u8; 0x70 + 0x40 + 0xF0] = {
    let mut table = [0u8; 0x70 + 0x40 + 0xF0];
    let (mut block, mut k) = (0, 0);
    while block < PUNCTUATION_BLOCKS.len() {
        let (first, last) = PUNCTUATION_BLOCKS[block];
        let mut code = first;
        while code <= last {
            if let Some(c) = char::from_u32(code) {
                let folded = fold_char(c);
                let special = is_wide_space(c)
                    || is_zero_width(c)
                    || is_unicode_break(c)
                    || is_range_dash(c)
                    || c == '（';
                table[k] = if special {
                    0
                } else if folded == c {
                    KEEP
                } else if folded.is_ascii() {
                    folded as u8
                } else {
                    0
                };
            }
            code += 1;
            k += 1;
        }
        block += 1;
    }
    table
};

/// The [`PUNCTUATION`] entry of `code`, 0 outside the blocks.
const fn punctuation_action(code: usize) -> u8 {
    let k = match code {
        0x2000..=0x206F => code - 0x2000,
        0x3000..=0x303F => code - 0x3000 + 0x70,
        0xFF00..=0xFFEF => code - 0xFF00 + 0xB0,
        _ => return 0,
    };
    PUNCTUATION[k]
}

/// Chars that sit tight against CJK text: ideographs, CJK and full-width punctuation,
/// Chinese quotes.
fn is_cjk_like(c: char) -> bool {
    is_ideograph(c)
        || matches!(c, '\u{3001}'..='\u{303F}' | '\u{FF5F}'..='\u{FFEF}' | '\u{FE30}'..='\u{FE4F}' | '\u{2018}'..='\u{201F}' | '—' | '…')
}

/// True when a space between `before` and `after` (both already folded) is a PDF or
/// typesetting artefact rather than a word separator: between CJK text and CJK text,
/// digits or ASCII punctuation.
fn space_is_artefact(before: char, after: char) -> bool {
    let tight = |c: char| is_cjk_like(c) || c.is_ascii_digit() || c.is_ascii_punctuation();
    (is_cjk_like(before) && tight(after)) || (is_cjk_like(after) && tight(before))
}

/// Letters of pinyin glosses; a gloss must hold at least one with a tone mark (or ü),
/// so that `(abc)` after a character is left alone.
fn pinyin_letter(c: char) -> Option<bool> {
    match c {
        'a'..='z' => Some(false),
        'ā' | 'á' | 'ǎ' | 'à' | 'ē' | 'é' | 'ě' | 'è' | 'ī' | 'í' | 'ǐ' | 'ì' | 'ō' | 'ó' | 'ǒ'
        | 'ò' | 'ū' | 'ú' | 'ǔ' | 'ù' | 'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' | 'ü' | 'ń' | 'ň' | 'ǹ' => {
            Some(true)
        }
        _ => None,
    }
}

/// End of a pinyin gloss such as `(xiàn)` or `（jīng）` opening at byte `open`, if the
/// char before it is an ideograph.
fn pinyin_gloss_end(text: &str, open: usize) -> Option<usize> {
    if !text[..open].chars().next_back().is_some_and(is_ideograph) {
        return None;
    }
    let mut chars = text[open..].char_indices().skip(1);
    let (mut n_letters, mut toned) = (0, false);
    for (offset, c) in chars.by_ref() {
        if let Some(tone) = pinyin_letter(c) {
            n_letters += 1;
            toned |= tone;
            if n_letters > 7 {
                return None;
            }
        } else if (c == ')' || c == '）') && n_letters > 0 && toned {
            return Some(open + offset + c.len_utf8());
        } else {
            return None;
        }
    }
    None
}

/// Step 1: character folding, whitespace tidying and pinyin-gloss removal.
pub fn fold_chars(input: &str) -> Rewritten {
    fold_chars_noting_traditional(input).0
}

/// Step 1, also returning the output offsets of chars that may be traditional.
fn fold_chars_noting_traditional(input: &str) -> (Rewritten, Vec<usize>) {
    let t2s_table = &T2S_CANDIDATES;
    let mut traditional_at = Vec::new();
    let bytes = input.as_bytes();
    let mut rw = Rewriter::new(input);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            match b {
                // Line breaks between two lines of text, the common case: what
                // `tidy_whitespace` does with them, without its checks.
                b'\n' if last_output_byte(&rw, bytes, i).is_some_and(|b| b != b'\n') => {
                    if let Some((keep_end, end)) = plain_line_breaks(bytes, i) {
                        if end > keep_end {
                            rw.copy(keep_end);
                            rw.drop_quietly(end);
                        }
                        i = end;
                        continue;
                    }
                    i = tidy_whitespace(input, i, &mut rw);
                    continue;
                }
                b' ' | b'\t' | b'\r' | b'\n' => {
                    i = tidy_whitespace(input, i, &mut rw);
                    continue;
                }
                b'(' => {
                    if let Some(end) = pinyin_gloss_end(input, i) {
                        rw.copy(i);
                        rw.remove(end, "pinyin_gloss");
                        i = end;
                        continue;
                    }
                }
                b'~' => fold_dash(input, i, 1, '~', &mut rw),
                _ => {}
            }
            i += 1;
            continue;
        }
        // Ideographs U+3400..U+9FFF, the bulk of a report, are three bytes led by
        // 0xE3..=0xE9 and are no space, gloss, fold or dash: only the traditional check
        // applies. A run of those that are surely not traditional, and of the CJK
        // punctuation kept as it is, is passed over here without decoding (one table
        // lookup per char); the rest go the general way.
        let plain_len = plain_run_len(&bytes[i..]);
        if plain_len > 0 {
            i += plain_len;
            continue;
        }
        // Common punctuation by the table: kept, or folded to ASCII (`，`→`,`).
        if let [lead @ (0xE2 | 0xE3 | 0xEF), second, third, ..] = bytes[i..] {
            let code = (usize::from(lead & 0x0F) << 12)
                | (usize::from(second & 0x3F) << 6)
                | usize::from(third & 0x3F);
            if t2s_table[code / 64] & (1 << (code % 64)) == 0 {
                match punctuation_action(code) {
                    0 => {}
                    KEEP => {
                        i += 3;
                        continue;
                    }
                    ascii => {
                        rw.copy(i);
                        rw.replace_char(i + 3, char::from(ascii));
                        i += 3;
                        continue;
                    }
                }
            }
        }
        // Not ASCII: decode one char. `i` is always on a char boundary.
        let c = input[i..].chars().next().unwrap_or('\u{FFFD}');
        let len = c.len_utf8();
        // Ideographs, the bulk of a report, are no space, gloss, fold or dash: only the
        // traditional check applies.
        if ('\u{3400}'..='\u{9FFF}').contains(&c) {
            if is_t2s_candidate(t2s_table, c) {
                traditional_at.push(rw.output().len() + (i - rw.cursor()));
            }
            i += len;
            continue;
        }
        if is_wide_space(c) || is_zero_width(c) || is_unicode_break(c) {
            i = tidy_whitespace(input, i, &mut rw);
            continue;
        }
        if c == '（' {
            if let Some(end) = pinyin_gloss_end(input, i) {
                rw.copy(i);
                rw.remove(end, "pinyin_gloss");
                i = end;
                continue;
            }
        }
        if len == 3 && is_t2s_candidate(t2s_table, c) {
            // Copied verbatim: its output offset follows from the cursor.
            traditional_at.push(rw.output().len() + (i - rw.cursor()));
        }
        let folded = fold_char(c);
        if is_range_dash(c) {
            fold_dash(input, i, len, folded, &mut rw);
        } else if folded != c {
            rw.copy(i);
            rw.replace_char(i + len, folded);
        }
        i += len;
    }
    (rw.finish(), traditional_at)
}

/// [`PLAIN_IDEOGRAPHS`] with the CJK punctuation that step 1 keeps as it is (`。`, `、`,
/// `《》`: [`KEEP`] in [`PUNCTUATION`], and no traditional candidate), whose bits are
/// the table's first word (U+3000..U+303F). Without them, each `。` or `、` (about one
/// char in thirty of a report) ended a run only for the loop to step over it.
static PLAIN_RUN: [u64; 0x640] = {
    let mut table = PLAIN_IDEOGRAPHS;
    let mut k = 0;
    while k < 0x40 {
        if punctuation_action(0x3000 + k) == KEEP && (T2S_CJK_PUNCTUATION >> k) & 1 == 0 {
            table[0] |= 1 << k;
        }
        k += 1;
    }
    table
};

/// The length in bytes of the run of plain chars (3-byte chars that step 1 leaves
/// alone and `fast2s` too: [`PLAIN_RUN`]) that `bytes` starts with. The chars are
/// taken as fixed 3-byte arrays, so the loop has no bounds checks: one table lookup per
/// char, four chars to a round of the loop (runs are about 15 chars long).
fn plain_run_len(bytes: &[u8]) -> usize {
    let is_plain = |&[lead, second, third]: &[u8; 3]| {
        let pair = (usize::from(lead) << 8 | usize::from(second)).wrapping_sub(0xE380);
        PLAIN_RUN
            .get(pair)
            .is_some_and(|bits| bits & (1 << (third & 0x3F)) != 0)
    };
    let (chars, _) = bytes.as_chunks::<3>();
    let (fours, rest) = chars.as_chunks::<4>();
    let mut n_plain = 0;
    for four in fours {
        if !(is_plain(&four[0]) && is_plain(&four[1]) && is_plain(&four[2]) && is_plain(&four[3])) {
            return 3 * (n_plain + four.iter().take_while(|c| is_plain(c)).count());
        }
        n_plain += 4;
    }
    3 * (n_plain + rest.iter().take_while(|c| is_plain(c)).count())
}

/// The last byte of the output if the source were copied up to `at`, which the fold
/// loop does lazily.
fn last_output_byte(rw: &Rewriter<'_>, bytes: &[u8], at: usize) -> Option<u8> {
    if rw.cursor() < at {
        Some(bytes[at - 1])
    } else {
        rw.output().as_bytes().last().copied()
    }
}

/// For a run of `\n` at `start`, then ideographic spaces (paragraph indents), then a
/// byte that starts no whitespace: where the line breaks to keep (at most two) end, and
/// where the run ends. `None` for other runs (the lead bytes of wide spaces, zero
/// widths and Unicode breaks count as whitespace here), which go the long way.
fn plain_line_breaks(bytes: &[u8], start: usize) -> Option<(usize, usize)> {
    let n_breaks = bytes[start..].iter().take_while(|&&b| b == b'\n').count();
    let mut end = start + n_breaks;
    while bytes[end..].starts_with("\u{3000}".as_bytes()) {
        end += 3;
    }
    match bytes.get(end) {
        None | Some(b' ' | b'\t' | b'\r' | b'\n' | 0xC2 | 0xE2 | 0xE3 | 0xEF) => None,
        Some(_) => Some((start + n_breaks.min(2), end)),
    }
}

/// Writes the dash at `at..at + len` as `-` when it stands between a digit (or `%`)
/// and a digit, else as `otherwise` (its plain fold).
fn fold_dash(input: &str, at: usize, len: usize, otherwise: char, rw: &mut Rewriter<'_>) {
    rw.copy(at);
    let after_number = matches!(rw.output().as_bytes().last(), Some(b'0'..=b'9' | b'%'));
    let before_digit = input[at + len..]
        .chars()
        .next()
        .map(fold_char)
        .is_some_and(|c| c.is_ascii_digit());
    let dash = if after_number && before_digit {
        '-'
    } else {
        otherwise
    };
    let original = &input[at..at + len];
    if original.len() != 1 || !original.starts_with(dash) {
        rw.replace_char(at + len, dash);
    }
}

/// Handles the run of whitespace starting at `start`; returns where it ends.
///
/// Line breaks become `\n`, at most two in a row (one blank line), none at the start of
/// the text and one at its end. Other whitespace is dropped at line starts and ends
/// and between CJK text and CJK text or digits, and otherwise becomes one space. All of
/// this loses no content, so it is done quietly.
fn tidy_whitespace(input: &str, start: usize, rw: &mut Rewriter<'_>) -> usize {
    let mut end = start;
    let mut n_breaks = 0;
    let mut only_zero_width = true;
    let mut prev_cr = false;
    for c in input[start..].chars() {
        if !is_space_like(c) {
            break;
        }
        if c == '\r' || (c == '\n' && !prev_cr) || is_unicode_break(c) {
            n_breaks += 1;
        }
        prev_cr = c == '\r';
        only_zero_width &= is_zero_width(c);
        end += c.len_utf8();
    }
    rw.copy(start);
    let out = rw.output();
    let before = out.chars().next_back();
    let after = input[end..].chars().next().map(fold_char);
    if n_breaks == 0 {
        let at_edge = matches!(before, None | Some('\n')) || after.is_none();
        let artefact = match (before, after) {
            // Between two ideographs a space may separate words (`蓝图 建陇东南大市`,
            // `魏晓文 董刚`); it is a spaced-glyph artefact only next to a lone glyph
            // (`我 们 坚 持`, `政 府 工 作`).
            (Some(b), Some(a)) if is_ideograph(b) && is_ideograph(a) => {
                let lone_before = input[..start]
                    .chars()
                    .rev()
                    .nth(1)
                    .is_none_or(is_space_like);
                let lone_after = input[end + a.len_utf8()..]
                    .chars()
                    .next()
                    .is_none_or(is_space_like);
                lone_before || lone_after
            }
            (Some(b), Some(a)) => space_is_artefact(b, a),
            _ => false,
        };
        if at_edge || artefact || only_zero_width {
            rw.drop_quietly(end);
        } else if &input[start..end] == " " {
            rw.copy(end);
        } else {
            rw.replace(end, " ");
        }
        return end;
    }
    let trailing_newlines = out.bytes().rev().take_while(|&b| b == b'\n').count().min(2);
    let wanted = match (before, after) {
        (None, _) => 0,
        (_, None) => 1usize.saturating_sub(trailing_newlines),
        _ => n_breaks.min(2usize).saturating_sub(trailing_newlines),
    };
    // Keep the first `wanted` line breaks, each written as `\n`, and drop the rest.
    let mut emitted = 0;
    let mut at = start;
    while at < end && emitted < wanted {
        let c = input[at..].chars().next().unwrap_or(' ');
        let break_len = match c {
            '\r' if input.as_bytes().get(at + 1) == Some(&b'\n') => 2,
            '\r' | '\n' => 1,
            c if is_unicode_break(c) => c.len_utf8(),
            _ => 0,
        };
        if break_len == 0 {
            at += c.len_utf8();
            continue;
        }
        rw.drop_quietly(at);
        if c == '\n' {
            rw.copy(at + 1);
        } else {
            rw.replace(at + break_len, "\n");
        }
        at += break_len;
        emitted += 1;
    }
    rw.drop_quietly(end);
    end
}

// ---------------------------------------------------------------------------------
// Step 3: lines.

/// One line of the text, without its `\n`.
#[derive(Clone, Debug)]
struct Line {
    start: usize,
    end: usize,
    /// Removed whole, for this reason.
    junk: Option<&'static str>,
    /// Display width: 2 per CJK or other wide char, 1 per ASCII char. Worked out only
    /// for the lines of blocks long enough to be hard-wrapped (0 for the others), the
    /// only lines whose width is asked for: in texts with one paragraph per line or
    /// blank lines between paragraphs, measuring every line was a tenth of the pass.
    width: usize,
    /// Wrap width of the hard-wrapped block this line belongs to, if it does.
    wrap_width: Option<usize>,
}

/// Chars that end a sentence or clause; a line ending in one is not continued
/// unless it is a line of hard-wrapped text.
fn ends_sentence(c: char) -> bool {
    ends_paragraph(c) || c == ';'
}

/// Chars that may end a paragraph.
fn ends_paragraph(c: char) -> bool {
    matches!(c, '。' | '!' | '?' | ':' | '…')
}

fn is_closing(c: char) -> bool {
    matches!(c, '》' | ')' | '”' | '’' | '】' | '」' | '』' | ']' | '〕')
}

fn is_opening(c: char) -> bool {
    matches!(c, '《' | '(' | '“' | '‘' | '【' | '「' | '『' | '[' | '〔')
}

/// Chars that never start a line of their own: a line starting with one continues
/// the line before it.
fn never_starts_line(c: char) -> bool {
    is_closing(c) || matches!(c, ',' | '、' | '。' | ';' | ':' | '!' | '?' | '%')
}

fn is_chinese_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '零' | '〇'
    )
}

/// True when `line` starts with the marker of a section heading: `一、`, `(一)`,
/// `(1)`, `第一章`, `第三部分`, `第一,`.
fn starts_section_heading(line: &str) -> bool {
    let is_numeral = |c: char| is_chinese_numeral(c) || c.is_ascii_digit();
    // `第二次…会议` in running text is no heading.
    if let Some(rest) = line.strip_prefix('第') {
        let after = rest.trim_start_matches(is_numeral);
        return after.len() < rest.len()
            && after.starts_with(['章', '节', '条', '部', '篇', ',', '、', ':']);
    }
    if let Some(rest) = line.strip_prefix('(') {
        let after = rest.trim_start_matches(is_numeral);
        let n_numerals = rest[..rest.len() - after.len()].chars().count();
        return (1..=4).contains(&n_numerals) && after.starts_with(')');
    }
    let after = line.trim_start_matches(is_chinese_numeral);
    after.len() < line.len() && after.starts_with('、')
}

/// True when `line` starts like a heading or a new paragraph: a section heading,
/// `一是`, `——`, `各位代表`, `1、`, `1.` (not a decimal), `①`.
fn starts_heading(line: &str) -> bool {
    if starts_section_heading(line) || line.starts_with("——") || line.starts_with("各位代表")
    {
        return true;
    }
    let after_numerals = line.trim_start_matches(is_chinese_numeral);
    if after_numerals.len() < line.len() && after_numerals.starts_with('是') {
        return true;
    }
    let after_digits = line.trim_start_matches(|c: char| c.is_ascii_digit());
    if after_digits.len() < line.len() {
        let mut rest = after_digits.chars();
        return match rest.next() {
            Some('、') => true,
            Some('.') => !rest.next().is_some_and(|c| c.is_ascii_digit()),
            _ => false,
        };
    }
    line.starts_with(|c: char| ('①'..='⑳').contains(&c))
}

fn display_width(line: &str) -> usize {
    // 2 per char less 1 per ASCII char, counted eight bytes at a time (per char, this
    // cost more than the rest of the line pass): a byte is non-ASCII when its top bit
    // is set, and continues a char when its top two bits are 10. Counts add up in the
    // eight byte lanes of a word, summed every 255 words before a lane can overflow.
    const LOW_BITS: u64 = 0x0101_0101_0101_0101;
    let sum_lanes = |lanes: u64| {
        const PAIRS: u64 = 0x00FF_00FF_00FF_00FF;
        let pairs = (lanes & PAIRS) + ((lanes >> 8) & PAIRS);
        (pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48) as usize
    };
    let bytes = line.as_bytes();
    let (whole_words, tail) = bytes.split_at(bytes.len() / 8 * 8);
    let (mut n_non_ascii, mut n_continuation) = (0, 0);
    for group in whole_words.chunks(8 * 255) {
        let (mut non_ascii, mut continuation) = (0u64, 0u64);
        for word in group.chunks_exact(8) {
            let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
            non_ascii += (w >> 7) & LOW_BITS;
            continuation += ((w & !(w << 1)) >> 7) & LOW_BITS;
        }
        n_non_ascii += sum_lanes(non_ascii);
        n_continuation += sum_lanes(continuation);
    }
    for &b in tail {
        n_non_ascii += usize::from(!b.is_ascii());
        n_continuation += usize::from(b & 0xC0 == 0x80);
    }
    let n_chars = bytes.len() - n_continuation;
    2 * n_chars - (bytes.len() - n_non_ascii)
}

/// Marks the lines of hard-wrapped blocks with their wrap width.
///
/// A block is a run of kept lines without a blank line between them. It counts as
/// hard-wrapped (a PDF page column) when it has at least four lines and most of them
/// have about the same width, no wider than a page column. Normal reports keep one
/// paragraph per line, whose widths vary widely, so they are never taken for wrapped
/// text, and their headings and short title lines stay as they are.
fn mark_wrapped_blocks(lines: &mut [Line], text: &str) {
    const MIN_LINES: usize = 4;
    const MIN_WRAP_WIDTH: usize = 20;
    const MAX_WRAP_WIDTH: usize = 200;
    let mut block: Vec<usize> = Vec::new();
    let mut widths: Vec<usize> = Vec::new();
    let mut flush = |block: &mut Vec<usize>, lines: &mut [Line]| {
        if block.len() >= MIN_LINES {
            for &k in block.iter() {
                lines[k].width = display_width(&text[lines[k].start..lines[k].end]);
            }
            widths.clear();
            widths.extend(block.iter().map(|&k| lines[k].width));
            widths.sort_unstable();
            let median = widths[widths.len() / 2];
            let tolerance = median.div_ceil(6);
            let n_similar = widths
                .iter()
                .filter(|w| w.abs_diff(median) <= tolerance)
                .count();
            if (MIN_WRAP_WIDTH..=MAX_WRAP_WIDTH).contains(&median) && n_similar * 2 >= block.len() {
                let wrap_width = widths
                    .iter()
                    .copied()
                    .filter(|w| *w <= median + tolerance)
                    .max()
                    .unwrap_or(median);
                for &k in block.iter() {
                    lines[k].wrap_width = Some(wrap_width);
                }
            }
        }
        block.clear();
    };
    for k in 0..lines.len() {
        if lines[k].junk.is_some() {
            continue;
        }
        if lines[k].start == lines[k].end || text[lines[k].start..lines[k].end].trim().is_empty() {
            flush(&mut block, lines);
        } else {
            block.push(k);
        }
    }
    flush(&mut block, lines);
}

/// True when kept line `upper` is continued by kept line `lower` (the next kept line,
/// with only junk lines between): a PDF line break inside a sentence or a word.
/// `upper_continues` says whether `upper` itself continues the line before it;
/// `blank_line_paragraphs` whether the text separates paragraphs with blank lines.
fn joins(
    text: &str,
    upper: &Line,
    lower: &Line,
    upper_continues: bool,
    blank_line_paragraphs: bool,
) -> bool {
    let upper_text = &text[upper.start..upper.end];
    let lower_text = &text[lower.start..lower.end];
    let (Some(last), Some(first)) = (upper_text.chars().next_back(), lower_text.chars().next())
    else {
        return false;
    };
    // Obvious fragments: a line ending in an opening bracket, or one starting with a
    // closing bracket or a comma (national 2001: `《\n中共中央…建议\n》`).
    if is_opening(last) || never_starts_line(first) {
        return true;
    }
    // In a text whose paragraphs are separated by blank lines, a single line break
    // after an unfinished sentence is a soft break (national 1954: links of the web
    // copy on lines of their own, `聽了劉少奇同志\n關於憲法草案的報告\n並進行了`).
    // A short line that opens its paragraph is a title (`关于国内建设`), not a break.
    if blank_line_paragraphs {
        let long_or_continued = upper_continues || upper_text.chars().count() >= 16;
        return long_or_continued
            && !ends_sentence(last)
            && !starts_heading(lower_text)
            && !starts_heading(upper_text);
    }
    let Some(wrap_width) = upper.wrap_width else {
        return false;
    };
    // A clause end (`;` `,`) or a closing bracket at a wrap point is a coincidence; a
    // sentence end may end a paragraph. A section heading is never continued: a long
    // heading split in two is a smaller loss than a heading glued to its text.
    if ends_paragraph(last)
        || starts_heading(lower_text)
        || starts_section_heading(upper_text)
        || lower.wrap_width.is_none()
    {
        return false;
    }
    // A full line of a wrapped block runs on; so does a one- or two-char stub that a
    // full line ran into (`培\n育\n壮大`).
    let full = upper.width * 5 >= wrap_width * 4;
    let stub =
        upper_continues && upper_text.chars().count() <= 2 && upper_text.chars().all(is_ideograph);
    full || stub
}

/// Step 3: removes junk lines and in-text junk, and joins broken lines.
pub fn clean_lines(text: &str, rules: &CleanRules) -> Rewritten {
    // Sized for lines of 128 bytes or more (most are): the vector seldom grows.
    let mut lines: Vec<Line> = Vec::with_capacity(text.len() / 128 + 16);
    let mut start = 0;
    let newlines = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
    for end in newlines {
        let piece = &text[start..end];
        lines.push(Line {
            start,
            end,
            junk: rules.junk_line(piece),
            width: 0,
            wrap_width: None,
        });
        start = end + 1;
    }
    // A trailer (a licence notice) goes whole, as one removal, from its first line.
    let tail = lines
        .iter()
        .enumerate()
        .find_map(|(k, l)| rules.junk_tail(&text[l.start..l.end]).map(|r| (k, r)));
    if let Some((first, reason)) = tail {
        for line in &mut lines[first..] {
            line.junk = Some(reason);
        }
    }
    mark_wrapped_blocks(&mut lines, text);

    let line_starts: Vec<usize> = lines.iter().map(|l| l.start).collect();
    let line_of = |at: usize| line_starts.partition_point(|&s| s <= at).saturating_sub(1);
    let mut inline: Vec<JunkMatch> = rules
        .find_junk(text, |at| lines[line_of(at)].wrap_width.is_none())
        .into_iter()
        .filter(|m| lines[line_of(m.start)].junk.is_none())
        .collect();
    // A line that is nothing but in-text junk (a paywall notice) goes as a whole line,
    // newline included in the blank-line policy below.
    for m in &inline {
        let k = line_of(m.start);
        if m.start == lines[k].start && m.end == lines[k].end {
            lines[k].junk = Some(m.reason);
        }
    }
    inline.retain(|m| lines[line_of(m.start)].junk.is_none());

    // Decide, for the `\n` after each line, whether it stays.
    let kept: Vec<usize> = (0..lines.len())
        .filter(|&k| lines[k].junk.is_none() && lines[k].start < lines[k].end)
        .collect();
    let mut keep_newline = vec![false; lines.len()];
    let mut joined_to_next = vec![false; lines.len()];
    let has_blank_between =
        |upper: usize, lower: usize| (upper + 1..lower).any(|k| lines[k].junk.is_none());
    let n_blank_breaks = kept
        .windows(2)
        .filter(|p| has_blank_between(p[0], p[1]))
        .count();
    let n_single_breaks = kept.len().saturating_sub(1) - n_blank_breaks;
    let blank_line_paragraphs = n_blank_breaks >= 8 && n_blank_breaks >= n_single_breaks;
    let mut upper_continues = false;
    for pair in kept.windows(2) {
        let (upper, lower) = (pair[0], pair[1]);
        let has_blank = has_blank_between(upper, lower);
        let join = !has_blank
            && joins(
                text,
                &lines[upper],
                &lines[lower],
                upper_continues,
                blank_line_paragraphs,
            );
        upper_continues = join;
        if join {
            joined_to_next[upper] = true;
            continue;
        }
        let n_wanted = if has_blank { 2 } else { 1 };
        for flag in keep_newline[upper..lower].iter_mut().take(n_wanted) {
            *flag = true;
        }
    }
    if let Some(&last) = kept.last() {
        keep_newline[last] = true;
    }

    let mut rw = Rewriter::new(text);
    let mut inline = inline.into_iter().peekable();
    for (k, line) in lines.iter().enumerate() {
        if let Some((_, reason)) = tail.filter(|(first, _)| *first == k) {
            rw.copy(line.start);
            rw.remove(text.len(), reason);
            break;
        }
        if let Some(reason) = line.junk {
            rw.copy(line.start);
            rw.remove(line.end, reason);
        } else {
            while let Some(m) = inline.next_if(|m| m.start < line.end) {
                rw.copy(m.start);
                rw.remove(m.end, m.reason);
            }
        }
        if line.end >= text.len() {
            break;
        }
        rw.copy(line.end);
        if keep_newline[k] {
            rw.copy(line.end + 1);
        } else if joined_to_next[k] && ascii_word_break(text, line.end) {
            rw.replace(line.end + 1, " ");
        } else {
            rw.drop_quietly(line.end + 1);
        }
    }
    rw.finish()
}

/// True when the `\n` at `at` stands between two ASCII letters, so that joining the
/// lines needs a space (`Public\ndomain`). Digits are not words: a number broken
/// over two lines (`87\n0亿元`) joins without one.
fn ascii_word_break(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at + 1..].chars().find(|c| *c != '\n');
    before.is_some_and(|c| c.is_ascii_alphabetic())
        && after.is_some_and(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Folds `text`, converts it by the tables and checks the result against `fast2s`
    /// on the whole folded text.
    fn check_t2s(text: &str) {
        let (folded, candidates) = fold_chars_noting_traditional(text);
        let mut ours = folded.text.clone();
        to_simplified(&mut ours, &candidates);
        assert_eq!(ours, fast2s::convert(&folded.text), "{text}");
    }

    /// Sparse and dense traditional text, the context chars of `fast2s` among the
    /// words that change them and at the text's edges.
    #[test]
    fn t2s_agrees_with_fast2s_on_sparse_and_dense_text() {
        let filler = "我们坚持以新发展理念为引领,推动高质量发展。".repeat(40);
        check_t2s(&format!(
            "{filler}企畫和計畫,看著,乾隆的乾兒子乾淨,藉口,慰藉。{filler}"
        ));
        check_t2s("乾隆的乾兒子一邊乾淨利落地擲出了一個乾卦,經濟總值142億元,區預計萬戶");
        check_t2s("藉");
        check_t2s("");
        // Every context char between every pair of chars that change one of them, of
        // the context chars themselves, of neutral chars and of a char above U+FFFF.
        let mut neighbours: Vec<char> = T2S_CONTEXT_RULES.iter().map(|r| r.1).collect();
        neighbours.extend(T2S_CONTEXT);
        neighbours.extend(['0', '国', '國', '𠀀']);
        neighbours.sort_unstable();
        neighbours.dedup();
        for cur in T2S_CONTEXT {
            check_t2s(&cur.to_string());
            for &n in &neighbours {
                check_t2s(&format!("{n}{cur}"));
                check_t2s(&format!("{cur}{n}"));
                for &m in &neighbours {
                    check_t2s(&format!("{n}{cur}{m}"));
                }
            }
        }
    }

    #[test]
    fn display_width_counts_wide_chars_twice() {
        for (line, width) in [
            ("", 0),
            ("abc", 3),
            ("地区生产总值增长7.5%", 20),
            ("１２３４５６７８９０ab地", 24),
            ("ü€𝄞 abcdefgh", 15),
            (&"地a".repeat(700), 2100),
        ] {
            assert_eq!(display_width(line), width, "{line}");
        }
    }

    #[test]
    fn headings_are_recognised() {
        for heading in [
            "第三部分",
            "第一,坚持",
            "一、2015年工作回顾",
            "(一)深入开展",
            "(1)加强",
            "二是严控增量",
            "——过去五年",
            "第一章",
            "各位代表:",
            "1、加强",
            "2.推进",
        ] {
            assert!(starts_heading(heading), "{heading}");
        }
        for body in [
            "(十三五规划)",
            "(上杭段)",
            "十九大",
            "第二次、第三次中央新疆工作座谈会",
            "第一产业增加值",
            "4.8%;城镇居民",
            "区生产总值",
            "2023年",
            "一年来",
            "(阅读全部",
            "予审议",
        ] {
            assert!(!starts_heading(body), "{body}");
        }
    }

    #[test]
    fn glosses_need_a_tone_mark_and_a_character_before() {
        let check = |text: &str, expected: Option<&str>| {
            let open = text.find(['(', '（']).unwrap();
            assert_eq!(
                pinyin_gloss_end(text, open).map(|end| &text[open..end]),
                expected,
                "{text}"
            );
        };
        check("現(xiàn)場", Some("(xiàn)"));
        check("經（jīng）濟", Some("（jīng）"));
        check("會(hui)議", None);
        check("a(xiàn)", None);
        check("現(xiànxiànxiàn)", None);
    }
}
