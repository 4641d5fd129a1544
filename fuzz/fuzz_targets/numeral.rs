//! Arbitrary text into the numeral readers: never a panic, every length within the
//! text on a char boundary, every value finite.
#![no_main]

use duban_core::numeral::{parse_number, read_arabic, read_chinese, read_number};
use duban_fuzz::check_finite;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for read in [read_arabic, read_chinese, read_number] {
        if let Some(numeral) = read(text) {
            assert!(numeral.len > 0 && numeral.len <= text.len());
            assert!(text.is_char_boundary(numeral.len));
            check_finite(numeral.value, "numeral");
        }
    }
    if let Some(parsed) = parse_number(text) {
        check_finite(parsed.value, "parsed number");
    }
});
