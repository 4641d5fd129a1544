//! Arbitrary text through the whole engine (`duban_core::extract`) and its JSON view:
//! never a panic, every span sound, every number finite.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    let extraction = duban_core::extract(input, &duban_core::MetaHints::default());
    duban_fuzz::check_extraction(input, &extraction);
});
