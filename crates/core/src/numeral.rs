//! Numerals: reading the digits of a number, Arabic (`1,312`, `7.5`) or Chinese
//! (`一千零五十`, `两万`, `七点五`, `百分之七点五`, `三分之一`).
//!
//! These are pure prefix readers over `&str`: given text that starts with a number they
//! return its value and length in bytes, or `None`. They never panic and never return a
//! non-finite value, whatever the input. They do not decide whether a number is a
//! quantity (that needs the words around it) and they do not read units; both are in
//! [`crate::quantity`].

/// Which digits a numeral is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    /// `0-9`, with `.` decimals and `,` thousands separators.
    Arabic,
    /// 〇零一二两三四五六七八九 with places 十百千万亿 and 点 decimals.
    Chinese,
}

/// What a numeral denotes beyond its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumeralKind {
    /// A plain number.
    Plain,
    /// 百分之七点五: the value is in percent.
    Percent,
    /// 千分之六: the value is in permille.
    Permille,
    /// 三分之一: a fraction; the value is the quotient.
    Fraction,
}

/// A number read from the start of a text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Numeral {
    /// The value, always finite.
    pub value: f64,
    /// Bytes read.
    pub len: usize,
    /// Arabic or Chinese digits.
    pub script: Script,
    /// Plain, percent, permille or fraction.
    pub kind: NumeralKind,
    /// Number of integer digits for a plain Arabic integer without separators (`2015` →
    /// 4), else 0. Calendar years are told apart with it.
    pub plain_integer_digits: usize,
}

/// Longest run of integer digits accepted: beyond this, f64 loses integer precision
/// and such strings are identifiers, not amounts.
pub const MAX_INTEGER_DIGITS: usize = 15;
/// Longest run of decimal digits accepted.
const MAX_FRACTION_DIGITS: usize = 12;

/// Reads an Arabic number at the start of `text`: digits, optional `,` thousands groups
/// (only when every group has exactly three digits), optional `.` decimals.
pub fn read_arabic(text: &str) -> Option<Numeral> {
    let bytes = text.as_bytes();
    let leading = count_digits(bytes);
    if leading == 0 {
        return None;
    }
    let mut end = leading;
    let mut n_integer_digits = leading;
    let mut has_separators = false;
    // Thousands separators: `1,312` but not `3,5` or `2015,2016`.
    if leading <= 3 {
        while bytes.get(end) == Some(&b',') {
            let group = count_digits(&bytes[end + 1..]);
            if group != 3 {
                break;
            }
            has_separators = true;
            n_integer_digits += 3;
            end += 4;
        }
    }
    let mut n_fraction_digits = 0;
    if bytes.get(end) == Some(&b'.') {
        let fraction = count_digits(&bytes[end + 1..]);
        if fraction > 0 {
            n_fraction_digits = fraction;
            end += 1 + fraction;
        }
    }
    if n_integer_digits > MAX_INTEGER_DIGITS || n_fraction_digits > MAX_FRACTION_DIGITS {
        return None;
    }
    let written = &text[..end];
    let value: f64 = if let Some(value) = decimal_value(written) {
        value
    } else if has_separators {
        written.replace(',', "").parse().ok()?
    } else {
        written.parse().ok()?
    };
    if !value.is_finite() {
        return None;
    }
    let plain_integer_digits = if has_separators || n_fraction_digits > 0 {
        0
    } else {
        leading
    };
    Some(Numeral {
        value,
        len: end,
        script: Script::Arabic,
        kind: NumeralKind::Plain,
        plain_integer_digits,
    })
}

/// The powers of ten a float holds exactly.
const EXACT_POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// `digits` (ASCII digits, `,` separators left out, at most one `.`) times ten to the
/// `exponent`, as `parse` reads the same text, when that needs no more than one
/// rounding: at most 15 digits (an integer a float holds exactly) and a power of ten
/// a float holds exactly, so that one multiplication or division rounds correctly.
/// `None` when some other case (which the caller parses).
pub(crate) fn exact_decimal(digits: &str, exponent: i32) -> Option<f64> {
    let mut mantissa: u64 = 0;
    let mut n_digits = 0;
    let mut n_fraction_digits: Option<i32> = None;
    for &b in digits.as_bytes() {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                n_digits += 1;
                if n_digits > 15 {
                    return None;
                }
                if let Some(n) = &mut n_fraction_digits {
                    *n += 1;
                }
            }
            b',' => {}
            b'.' if n_fraction_digits.is_none() => n_fraction_digits = Some(0),
            _ => return None,
        }
    }
    if n_digits == 0 {
        return None;
    }
    let power = exponent.checked_sub(n_fraction_digits.unwrap_or(0))?;
    // At most 15 digits: the mantissa is below 2^53, held exactly.
    let mantissa = mantissa as f64;
    let scale = *EXACT_POWERS_OF_TEN.get(usize::try_from(power.unsigned_abs()).ok()?)?;
    Some(if power >= 0 {
        mantissa * scale
    } else {
        mantissa / scale
    })
}

/// [`exact_decimal`] of `written` with no exponent.
fn decimal_value(written: &str) -> Option<f64> {
    exact_decimal(written, 0)
}

fn count_digits(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| b.is_ascii_digit()).count()
}

/// The value of a Chinese digit character (两 is 2, 〇 and 零 are 0).
pub fn chinese_digit(c: char) -> Option<u8> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// The value of a place character within a section (十, 百, 千).
fn small_place(c: char) -> Option<f64> {
    match c {
        '十' => Some(10.0),
        '百' => Some(100.0),
        '千' => Some(1000.0),
        _ => None,
    }
}

/// True for every char that can be part of a Chinese numeral.
pub fn is_chinese_numeral_char(c: char) -> bool {
    chinese_digit(c).is_some() || matches!(c, '十' | '百' | '千' | '万' | '亿')
}

/// What the previous char of a Chinese numeral was; the grammar depends on it.
#[derive(Clone, Copy, PartialEq)]
enum Last {
    Start,
    Digit,
    Zero,
    Place(f64),
    Big,
}

/// Reads a Chinese numeral at the start of `text` (`一千零五十`, `两万`, `十二`, `七点五`,
/// `一点五亿`, `三万亿`).
///
/// Returns `None` when the run of numeral characters is not a well-formed number:
/// digit sequences (`一九八四`, `十三五`, `三五`), a lone `零`, or a numeral opening with
/// 百, 千, 万 or 亿 (`百姓`, `千方百计`, `万众`), which in reports are words rather than
/// numbers. Callers should then skip the whole run.
pub fn read_chinese(text: &str) -> Option<Numeral> {
    // Most Chinese numerals met are one digit before a char that cannot go on with the
    // numeral (一个, 三农, 两岸): read without the grammar below, which costs ten times
    // more.
    let mut head = text.chars();
    if let Some(first) = head.next() {
        if let Some(d @ 1..=9) = chinese_digit(first) {
            if head
                .next()
                .is_none_or(|c| !is_chinese_numeral_char(c) && c != '点')
            {
                return Some(Numeral {
                    value: f64::from(d),
                    len: first.len_utf8(),
                    script: Script::Chinese,
                    kind: NumeralKind::Plain,
                    plain_integer_digits: 0,
                });
            }
        }
    }
    let mut billions = 0.0; // everything up to the last 亿, multiplied out
    let mut ten_thousands = 0.0; // the current 万 block, multiplied out
    let mut section = 0.0; // below 万
    let mut pending: Option<f64> = None; // a digit (or digit with decimals) not yet placed
    let mut last = Last::Start;
    let mut last_place_in_section = f64::INFINITY;
    let mut place_before_digit: Option<f64> = None;
    let mut end = 0;
    let mut end_before_zero = 0;
    let mut chars = text.char_indices().peekable();
    while let Some(&(idx, c)) = chars.peek() {
        if let Some(d) = chinese_digit(c) {
            if last == Last::Digit {
                return None; // 一九八四, 十三五
            }
            if d == 0 {
                if last == Last::Start || last == Last::Zero {
                    // A numeral does not open with 零 (零售, 零就业).
                    return None;
                }
                last = Last::Zero;
                end_before_zero = end;
                place_before_digit = None;
            } else {
                place_before_digit = match last {
                    Last::Place(p) => Some(p),
                    Last::Big => Some(1e4),
                    _ => None,
                };
                pending = Some(f64::from(d));
                last = Last::Digit;
            }
        } else if let Some(place) = small_place(c) {
            let coefficient = match (pending.take(), last) {
                (Some(d), Last::Digit) => d,
                (None, Last::Start | Last::Zero | Last::Big) if place == 10.0 => 1.0,
                _ => return None,
            };
            if place >= last_place_in_section {
                return None; // 十百, 百百
            }
            last_place_in_section = place;
            section += coefficient * place;
            last = Last::Place(place);
        } else if c == '万' || c == '亿' {
            if last == Last::Start || last == Last::Zero {
                return None;
            }
            let block = section + pending.take().unwrap_or(0.0);
            if c == '万' {
                if ten_thousands != 0.0 || block == 0.0 {
                    return None;
                }
                ten_thousands = block * 1e4;
            } else {
                let total = billions + ten_thousands + block;
                if total == 0.0 {
                    return None;
                }
                billions = total * 1e8;
                ten_thousands = 0.0;
            }
            section = 0.0;
            last_place_in_section = f64::INFINITY;
            last = Last::Big;
        } else if c == '点' && (last == Last::Digit || last == Last::Place(10.0)) {
            // Decimals: 七点五, 一点二五, 二十点九. Only digits may follow 点; a clock
            // time (八点) has none and ends the numeral before 点.
            let after = idx + c.len_utf8();
            let mut fraction = 0.0;
            let mut scale = 0.1;
            let mut frac_end = after;
            for (j, fc) in text[after..].char_indices() {
                match chinese_digit(fc) {
                    Some(d) if fc != '两' => {
                        fraction += f64::from(d) * scale;
                        scale /= 10.0;
                        frac_end = after + j + fc.len_utf8();
                    }
                    _ => break,
                }
            }
            if frac_end == after {
                break;
            }
            pending = Some(pending.unwrap_or(0.0) + fraction);
            end = frac_end;
            // Skip what was read; a multiplier may follow (一点五亿).
            while chars.peek().is_some_and(|&(j, _)| j < frac_end) {
                chars.next();
            }
            last = Last::Digit;
            place_before_digit = None;
            continue;
        } else {
            break;
        }
        end = idx + c.len_utf8();
        chars.next();
    }
    if last == Last::Start {
        return None;
    }
    if last == Last::Zero {
        // A trailing 零 belongs to the next word (一千零售 is not 一千零).
        end = end_before_zero;
    }
    let mut tail = pending.unwrap_or(0.0);
    // 一百五 is 150 and 两万五 is 25000: a digit right after a place, without 零, is
    // the next lower place.
    if last == Last::Digit {
        if let Some(place) = place_before_digit {
            if place >= 100.0 && tail.fract() == 0.0 {
                tail *= place / 10.0;
            }
        }
    }
    let value = billions + ten_thousands + section + tail;
    if !value.is_finite() {
        return None;
    }
    Some(Numeral {
        value,
        len: end,
        script: Script::Chinese,
        kind: NumeralKind::Plain,
        plain_integer_digits: 0,
    })
}

/// Reads Arabic or Chinese digits, whichever `text` starts with.
fn read_digits(text: &str) -> Option<Numeral> {
    match text.as_bytes().first()? {
        b'0'..=b'9' => read_arabic(text),
        _ => read_chinese(text),
    }
}

/// Reads any number at the start of `text`: Arabic, Chinese, or a written fraction
/// (`百分之七点五` → 7.5 percent, `千分之六` → 6 permille, `三分之一` → 0.333…).
pub fn read_number(text: &str) -> Option<Numeral> {
    for (prefix, kind) in [
        ("百分之", NumeralKind::Percent),
        ("千分之", NumeralKind::Permille),
    ] {
        if let Some(rest) = text.strip_prefix(prefix) {
            if rest.starts_with('百') && kind == NumeralKind::Percent {
                // 百分之百
                return Some(Numeral {
                    value: 100.0,
                    len: prefix.len() + '百'.len_utf8(),
                    script: Script::Chinese,
                    kind,
                    plain_integer_digits: 0,
                });
            }
            let inner = read_digits(rest)?;
            return Some(Numeral {
                len: prefix.len() + inner.len,
                kind,
                plain_integer_digits: 0,
                ..inner
            });
        }
    }
    let whole = read_digits(text)?;
    if let Some(rest) = text[whole.len..].strip_prefix("分之") {
        let numerator = read_digits(rest)?;
        if whole.value == 0.0 {
            return None;
        }
        let value = numerator.value / whole.value;
        if !value.is_finite() {
            return None;
        }
        return Some(Numeral {
            value,
            len: whole.len + "分之".len() + numerator.len,
            script: whole.script,
            kind: NumeralKind::Fraction,
            plain_integer_digits: 0,
        });
    }
    Some(whole)
}

/// Reads a multiplier word written after a number: 万亿 (1e12), 亿 (1e8), 万 (1e4).
/// Returns the factor and its length in bytes. 千 is not one: after a number it starts
/// a unit (千瓦, 千米, 千克).
pub fn read_multiplier(text: &str) -> Option<(f64, usize)> {
    if text.starts_with("万亿") {
        Some((1e12, "万亿".len()))
    } else if text.starts_with('亿') {
        Some((1e8, '亿'.len_utf8()))
    } else if text.starts_with('万') {
        Some((1e4, '万'.len_utf8()))
    } else {
        None
    }
}

/// Reads `多` or `余` (more than) at the start of `text`; returns its length in bytes.
pub fn read_more(text: &str) -> Option<usize> {
    if text.starts_with('多') || text.starts_with('余') {
        Some('多'.len_utf8())
    } else {
        None
    }
}

/// A whole string read as one number with an optional multiplier and `多`/`余`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParsedNumber {
    /// The value, multiplier applied.
    pub value: f64,
    /// The digits as read.
    pub numeral: Numeral,
    /// The multiplier (1 when none).
    pub multiplier: f64,
    /// True when `多` or `余` was written (三百多, 3万多).
    pub more: bool,
}

/// Parses all of `text` as a number: `1,312`, `一千零五十`, `1.45万`, `67.7万亿`,
/// `3万多`, `三百多`, `百分之七点五`. Returns `None` unless the whole string is read.
pub fn parse_number(text: &str) -> Option<ParsedNumber> {
    let numeral = read_number(text)?;
    let mut pos = numeral.len;
    let mut more = false;
    if let Some(n) = read_more(&text[pos..]) {
        more = true;
        pos += n;
    }
    let mut multiplier = 1.0;
    if numeral.kind == NumeralKind::Plain {
        if let Some((factor, n)) = read_multiplier(&text[pos..]) {
            multiplier = factor;
            pos += n;
            if !more {
                if let Some(n) = read_more(&text[pos..]) {
                    more = true;
                    pos += n;
                }
            }
        }
    }
    if pos != text.len() {
        return None;
    }
    let value = numeral.value * multiplier;
    value.is_finite().then_some(ParsedNumber {
        value,
        numeral,
        multiplier,
        more,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The exact reading agrees with the float parser wherever it answers, for numbers
    /// of every length of integer and fraction part and every exponent it takes, and
    /// answers for every number of at most 15 digits.
    #[test]
    fn exact_decimal_reads_as_the_parser() {
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut digit = || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            char::from(b'0' + (seed >> 60) as u8 % 10)
        };
        let mut answered = 0;
        for n_integer in 1..=16 {
            for n_fraction in 0..=12 {
                for _ in 0..20 {
                    let mut text: String = (0..n_integer).map(|_| digit()).collect();
                    if n_fraction > 0 {
                        text.push('.');
                        text.extend((0..n_fraction).map(|_| digit()));
                    }
                    for exponent in 0..=24 {
                        let expected: f64 = format!("{text}e{exponent}").parse().unwrap();
                        if let Some(got) = exact_decimal(&text, exponent) {
                            assert_eq!(got.to_bits(), expected.to_bits(), "{text}e{exponent}");
                            answered += 1;
                        } else {
                            assert!(
                                n_integer + n_fraction > 15 || exponent - n_fraction > 22,
                                "{text}e{exponent}"
                            );
                        }
                    }
                    let parsed: f64 = text.parse().unwrap();
                    let read = (n_integer <= 15).then_some(parsed.to_bits());
                    assert_eq!(read_arabic(&text).map(|n| n.value.to_bits()), read);
                }
            }
        }
        assert!(answered > 10_000);
        assert_eq!(exact_decimal("1,312.5", 0), Some(1312.5));
        assert_eq!(exact_decimal("1.2.3", 0), None);
        assert_eq!(exact_decimal("", 0), None);
    }

    fn value(text: &str) -> Option<f64> {
        parse_number(text).map(|p| p.value)
    }

    #[test]
    fn arabic() {
        assert_eq!(value("1,312"), Some(1312.0));
        assert_eq!(value("1,312,000.5"), Some(1312000.5));
        assert_eq!(value("7.5"), Some(7.5));
        assert_eq!(value("0"), Some(0.0));
        assert_eq!(read_arabic("3,5").map(|n| n.len), Some(1));
        assert_eq!(read_arabic("2015,2016").map(|n| n.len), Some(4));
        assert_eq!(read_arabic("7.").map(|n| n.len), Some(1));
        assert_eq!(read_arabic("2015").unwrap().plain_integer_digits, 4);
        assert_eq!(value("1234567890123456"), None);
        assert_eq!(value(&"9".repeat(400)), None);
    }

    #[test]
    fn chinese() {
        for (text, expected) in [
            ("一千零五十", 1050.0),
            ("两万", 20000.0),
            ("十二", 12.0),
            ("二十", 20.0),
            ("十", 10.0),
            ("一百零八", 108.0),
            ("三亿五千万", 350_000_000.0),
            ("十万", 100_000.0),
            ("三万亿", 3e12),
            ("七点五", 7.5),
            ("一点五亿", 1.5e8),
            ("一百五", 150.0),
            ("两万五", 25000.0),
            ("一万零五", 10005.0),
        ] {
            assert_eq!(value(text), Some(expected), "{text}");
        }
        for text in [
            "十三五",
            "一九八四",
            "二〇一五",
            "三五",
            "零",
            "百姓",
            "千",
            "万",
            "十百",
            "一一",
        ] {
            assert_eq!(read_chinese(text).map(|n| n.len), None, "{text}");
        }
        // The numeral stops before non-numeral text.
        assert_eq!(read_chinese("五年来").map(|n| n.len), Some(3));
        assert_eq!(
            read_chinese("八点钟").map(|n| (n.value, n.len)),
            Some((8.0, 3))
        );
    }

    #[test]
    fn mixed_and_fractions() {
        assert_eq!(value("1.45万"), Some(14500.0));
        assert_eq!(value("4610亿"), Some(4.61e11));
        assert_eq!(value("67.7万亿"), Some(67.7e12));
        let p = parse_number("3万多").unwrap();
        assert_eq!((p.value, p.more), (30000.0, true));
        let p = parse_number("三百多").unwrap();
        assert_eq!((p.value, p.more), (300.0, true));
        let p = parse_number("百分之七点五").unwrap();
        assert_eq!((p.value, p.numeral.kind), (7.5, NumeralKind::Percent));
        let p = parse_number("千分之六").unwrap();
        assert_eq!((p.value, p.numeral.kind), (6.0, NumeralKind::Permille));
        assert_eq!(value("百分之百"), Some(100.0));
        assert_eq!(value("三分之一"), Some(1.0 / 3.0));
        assert_eq!(value("零分之一"), None);
        assert_eq!(value("五年"), None);
        let huge = parse_number("99999999999999万亿").unwrap();
        assert!(huge.value.is_finite());
    }
}
