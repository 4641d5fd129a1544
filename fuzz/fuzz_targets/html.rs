//! Arbitrary text as an HTML page: the main-text extraction never panics, never
//! fails on valid UTF-8, and maps every char of its output back inside the page.
#![no_main]

use duban_core::ByteSpan;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|page: &str| {
    if page.contains('\0') {
        // NULs make the page binary, which decode refuses before reaching HTML.
        return;
    }
    let Ok(decoded) = duban_input::decode(page.as_bytes(), "page.html") else {
        return;
    };
    for (at, c) in decoded.text.char_indices() {
        let span = decoded.raw_span(ByteSpan::new(at, at + c.len_utf8()));
        assert!(span.start <= span.end && span.end <= page.len(), "{span:?}");
    }
});
