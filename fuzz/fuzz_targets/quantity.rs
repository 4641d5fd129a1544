//! Arbitrary text into the quantity finder: never a panic, spans in the text on char
//! boundaries and in order, values finite.
#![no_main]

use duban_fuzz::{check_finite, check_span};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let mut previous_start = 0;
    for quantity in duban_core::quantity::find_quantities(text) {
        check_span(text, quantity.span, "quantity");
        assert!(
            quantity.span.start >= previous_start,
            "quantities out of order"
        );
        previous_start = quantity.span.start;
        check_finite(quantity.value, "value");
        for bound in [quantity.low, quantity.high].into_iter().flatten() {
            check_finite(bound, "bound");
        }
    }
});
