//! The `duban` command line.
fn main() {}
