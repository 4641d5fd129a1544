//! Arbitrary bytes into `duban_input::decode` under every kind of file name: never a
//! panic, and every char of the text maps back inside the input.
#![no_main]

use duban_core::ByteSpan;
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 6] = ["r.txt", "r.html", "r.htm", "r.pdf", "r.docx", "r"];

fuzz_target!(|data: &[u8]| {
    duban_fuzz::quiet_pdf_panics();
    // The first byte picks the name, so that the fuzzer can steer between them.
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    let Ok(decoded) = duban_input::decode(bytes, name) else {
        return;
    };
    for (at, c) in decoded.text.char_indices() {
        let span = decoded.raw_span(ByteSpan::new(at, at + c.len_utf8()));
        assert!(
            span.start <= span.end && span.end <= bytes.len(),
            "{span:?}"
        );
    }
});
