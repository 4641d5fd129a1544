//! Arbitrary text into the outline parser: never a panic; sections, headings,
//! sentences and role spans lie in the text on char boundaries.
#![no_main]

use duban_fuzz::check_span;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let outline = duban_core::outline::parse(text);
    for section in outline.all_sections() {
        check_span(text, section.span, "section");
        check_span(text, section.heading_span, "heading");
        let _ = outline.role_at(section.span.start);
    }
    for sentence in &outline.sentences {
        check_span(text, sentence.span, "sentence");
    }
    for role_span in &outline.role_spans {
        check_span(text, role_span.span, "role span");
        check_span(text, role_span.cue, "role cue");
    }
});
