//! Arbitrary text into the normalizer: never a panic; the map sends every span of the
//! output to a span of the input on char boundaries, and removals lie in the input.
#![no_main]

use duban_core::ByteSpan;
use duban_fuzz::check_span;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    let rules = duban_core::normalize::CleanRules::default();
    let out = duban_core::normalize::normalize(input, &rules);
    for (at, c) in out.text.char_indices() {
        let source = out.map.to_source(ByteSpan::new(at, at + c.len_utf8()));
        check_span(input, source, "normalized char");
    }
    check_span(
        input,
        out.map.to_source(ByteSpan::new(0, out.text.len())),
        "whole text",
    );
    for removal in &out.removals {
        check_span(input, removal.span, "removal");
    }
});
