//! The longest entry of a small table of words that a text opens with.
//!
//! The unit table ("which unit follows this number?"), the task verbs ("where is the
//! first verb of this sentence?") and the catalogue's aliases ("where are the metric
//! names in this sentence?") ask this of many places in a report, and most places
//! open no entry at all. A [`PrefixTable`] answers it in three steps, each ruling out most of
//! what is left: one bit for the first char (without decoding it, for a three-byte
//! char), a table lookup for the group of entries opening with that char, and one
//! masked compare of the text's first eight bytes per entry of the group, longest
//! first. Only an entry longer than eight bytes is compared further as a string.
//!
//! This is a speed device only: the tables' owners decide what an entry means.

/// Entries of type `T`, each found by its key, longest key first among the keys
/// opening a text.
#[derive(Clone, Debug)]
pub(crate) struct PrefixTable<T> {
    /// The entries grouped by their key's first char, the groups sorted by the low 12
    /// bits of its code point and then by it, each group longest key first, so that
    /// the first match is the longest one.
    groups: Vec<(char, Vec<Entry<T>>)>,
    /// A bit for the low 12 bits of the code point of each key's first char: a char
    /// whose bit is clear opens no key. It says no more than `first_group`, in 512
    /// bytes instead of 16 KB: a search reads it for every char it passes over.
    first_bits: [u64; 64],
    /// For the low 12 bits of a code point, the index of the first group whose char
    /// has them, if one has (the groups of one value follow each other): a binary
    /// search of the groups cost as much as the rest of a lookup.
    first_group: Box<[u32; 4096]>,
}

#[derive(Clone, Debug)]
struct Entry<T> {
    /// The key's first (up to) eight bytes as a little-endian word, and the mask of
    /// those bytes.
    head: u64,
    mask: u64,
    key: Box<str>,
    value: T,
}

impl<T> Default for PrefixTable<T> {
    fn default() -> PrefixTable<T> {
        PrefixTable {
            groups: Vec::new(),
            first_bits: [0; 64],
            first_group: Box::new([NO_GROUP; 4096]),
        }
    }
}

/// The first eight bytes of `bytes` as a little-endian word, zeros past its end.
fn head_word(bytes: &[u8]) -> u64 {
    match bytes.first_chunk::<8>() {
        Some(head) => u64::from_le_bytes(*head),
        None => {
            let mut head = [0u8; 8];
            head[..bytes.len()].copy_from_slice(bytes);
            u64::from_le_bytes(head)
        }
    }
}

/// The low 12 bits of a code point, which index `first_group`.
fn low_bits(code: usize) -> usize {
    code & 0xFFF
}

/// The word and the bit of `first_bits` for the code point `code`.
fn first_bit(code: usize) -> (usize, u64) {
    let low = low_bits(code);
    (low / 64, 1 << (low % 64))
}

/// `first_group` where no group has the low bits.
const NO_GROUP: u32 = u32::MAX;

impl<T> PrefixTable<T> {
    /// A table of `entries`, each with its key. Empty keys are skipped; of equal keys,
    /// the first is found.
    pub(crate) fn new(entries: impl IntoIterator<Item = (String, T)>) -> PrefixTable<T> {
        let mut table = PrefixTable::default();
        for (key, value) in entries {
            let Some(first) = key.chars().next() else {
                continue;
            };
            let n = key.len().min(8);
            let entry = Entry {
                head: head_word(&key.as_bytes()[..n]),
                mask: if n == 8 { u64::MAX } else { (1 << (8 * n)) - 1 },
                key: key.into_boxed_str(),
                value,
            };
            match table.groups.iter_mut().find(|(c, _)| *c == first) {
                Some((_, group)) => group.push(entry),
                None => table.groups.push((first, vec![entry])),
            }
        }
        table
            .groups
            .sort_by_key(|(first, _)| (low_bits(*first as usize), *first));
        for (k, (first, group)) in table.groups.iter_mut().enumerate().rev() {
            // Stable: of equal keys, the first given stays first.
            group.sort_by_key(|entry| std::cmp::Reverse(entry.key.len()));
            let (word, bit) = first_bit(*first as usize);
            table.first_bits[word] |= bit;
            // Walked backwards, so the first group of equal low bits is written last.
            // A table of 2^32 groups would not fit in memory.
            table.first_group[low_bits(*first as usize)] = k as u32;
        }
        table
    }

    /// Whether a three-byte char whose last two bytes are `b1` and `b2` may open a key;
    /// `false` is sure.
    #[inline]
    fn may_open(&self, b1: u8, b2: u8) -> bool {
        let (word, bit) = first_bit((usize::from(b1 & 0x3F) << 6) | usize::from(b2 & 0x3F));
        self.first_bits[word] & bit != 0
    }

    /// The value of the longest key that `text` opens with.
    pub(crate) fn longest_prefix(&self, text: &str) -> Option<&T> {
        self.longest_entry(text).map(|e| &e.value)
    }

    /// The leftmost key in `text` at or after byte offset `from` (a char boundary), the
    /// longest one starting there: its start, its end and its value. What a
    /// leftmost-longest Aho-Corasick search finds; most chars open no key, which
    /// three-byte ones tell by one bit without being decoded.
    pub(crate) fn find(&self, text: &str, from: usize) -> Option<(usize, usize, &T)> {
        let bytes = text.as_bytes();
        let mut at = from;
        while at < bytes.len() {
            if let [0xE0..=0xEF, b1, b2, ..] = bytes[at..] {
                if !self.may_open(b1, b2) {
                    at += 3;
                    continue;
                }
            }
            let rest = &text[at..];
            if let Some(entry) = self.longest_entry(rest) {
                return Some((at, at + entry.key.len(), &entry.value));
            }
            at += crate::phrases::decode(bytes, at).1;
        }
        None
    }

    /// The entry of the longest key that `text` opens with.
    fn longest_entry(&self, text: &str) -> Option<&Entry<T>> {
        let first = text.chars().next()?;
        let low = low_bits(first as usize);
        let k = self.first_group[low];
        if k == NO_GROUP {
            return None;
        }
        let (_, group) = self.groups[k as usize..]
            .iter()
            .take_while(|(c, _)| low_bits(*c as usize) == low)
            .find(|(c, _)| *c == first)?;
        let word = head_word(text.as_bytes());
        group.iter().find(|e| {
            word & e.mask == e.head
                && text.len() >= e.key.len()
                && (e.key.len() <= 8 || text.starts_with(&*e.key))
        })
    }

    /// Every value, by group, longest key first within a group.
    pub(crate) fn values(&self) -> impl Iterator<Item = &T> {
        self.groups
            .iter()
            .flat_map(|(_, group)| group.iter().map(|e| &e.value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table finds what a search over all keys for the longest one the text opens
    /// with finds: for keys of one to four chars, sharing first chars, of eight bytes
    /// and around it, whose first chars share their low 12 bits (加 U+52A0, 抠
    /// U+62A0, 䊠 U+42A0), cut short and followed by other text.
    #[test]
    fn longest_prefix_agrees_with_a_string_search() {
        let keys = [
            "加",
            "加强",
            "加快",
            "加快推进",
            "a",
            "ab",
            "abcdefgh",
            "abcdefghi",
            "abcdefg",
            "推进",
            "推动",
            "个百分点",
            "个",
            "万平方米",
            "抠门",
            "抠",
            "䊠",
        ];
        let table = PrefixTable::new(keys.iter().map(|k| (k.to_string(), *k)));
        let by_search = |text: &str| {
            keys.iter()
                .filter(|k| text.starts_with(**k))
                .max_by_key(|k| k.len())
                .copied()
        };
        let mut texts = vec![String::new(), "的".to_string(), "b".to_string()];
        for key in keys {
            for (cut, _) in key.char_indices().skip(1) {
                texts.push(key[..cut].to_string());
            }
            for other in keys.iter().chain(&["", "的", "x"]) {
                texts.push(format!("{key}{other}"));
            }
        }
        let mut found = 0;
        for text in &texts {
            let got = table.longest_prefix(text).copied();
            assert_eq!(got, by_search(text), "{text:?}");
            found += usize::from(got.is_some());
        }
        assert!(found > 150, "{found}");
        assert_eq!(table.values().count(), keys.len());
    }

    /// `find` finds what a leftmost-longest search over all keys finds, from every
    /// char boundary: keys between chars that open none (passed over by their bit), an
    /// ASCII char, a four-byte char and chars of a key's 12-bit bucket (抠 beside 加).
    #[test]
    fn find_agrees_with_a_leftmost_longest_search() {
        let keys = ["加强", "加快推进", "推进", "a", "个"];
        let table = PrefixTable::new(keys.iter().map(|k| (k.to_string(), *k)));
        let by_search = |text: &str, from: usize| {
            (from..=text.len())
                .filter(|&at| text.is_char_boundary(at))
                .find_map(|at| {
                    let key = keys
                        .iter()
                        .filter(|k| text[at..].starts_with(**k))
                        .max_by_key(|k| k.len())?;
                    Some((at, at + key.len(), *key))
                })
        };
        let pieces = ["的", "的的的的的", "b", "𠀀", "抠", "加", ","];
        let mut found = 0;
        for before in pieces {
            for after in pieces {
                for key in keys.iter().chain(&[""]) {
                    let text = format!("{before}{key}{after}{before}加快推进");
                    for (from, _) in text.char_indices() {
                        let got = table.find(&text, from).map(|(s, e, v)| (s, e, *v));
                        assert_eq!(got, by_search(&text, from), "{text:?} from {from}");
                        found += usize::from(got.is_some());
                    }
                }
            }
        }
        assert!(found > 1000, "{found}");
    }
}
