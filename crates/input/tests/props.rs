//! Property tests: `decode` never panics on any bytes, and GB18030 text survives a
//! round trip with every character mapping back to its own bytes.
//!
//! Not for fixed examples: those are in `decode.rs`.

use duban_core::ByteSpan;
use duban_input::decode;
use proptest::prelude::*;

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = decode(&bytes, "fuzz.txt");
        let _ = decode(&bytes, "fuzz.html");
    }

    #[test]
    fn arbitrary_html_never_panics(body in "(<[a-z/!]{0,4}( class=[a-z]{0,5})?>|&[#x0-9a-z]{0,6};?|[海拉尔区 \n]){0,80}") {
        let page = format!("<html><body>{body}");
        let decoded = decode(page.as_bytes(), "fuzz.html");
        prop_assert!(decoded.is_ok());
        let decoded = decoded.unwrap();
        // Every char of the main text maps inside the page.
        for (at, c) in decoded.text.char_indices() {
            let span = decoded.raw_span(ByteSpan::new(at, at + c.len_utf8()));
            prop_assert!(span.start <= span.end && span.end <= page.len());
        }
    }

    #[test]
    fn gb18030_round_trip_maps_every_char(text in "[a-z0-9 ，。、％\n海拉尔区政府工作报告增长€𠀀]{0,120}") {
        let (raw, _, _) = encoding_rs::GB18030.encode(&text);
        let decoded = decode(&raw, "prop.txt").unwrap();
        prop_assert_eq!(&decoded.text, &text);
        for (at, c) in text.char_indices() {
            let span = decoded.raw_span(ByteSpan::new(at, at + c.len_utf8()));
            let (back, _) = encoding_rs::GB18030.decode_without_bom_handling(&raw[span.start..span.end]);
            prop_assert_eq!(back.chars().collect::<Vec<_>>(), vec![c]);
        }
    }
}
