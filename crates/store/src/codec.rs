//! Names of the engine's enums as stored in text columns, and back.
//!
//! The engine's enums serialize to snake_case JSON; the store keeps the same words so
//! that a person reading the database, the JSON output and the docs sees one
//! vocabulary. Parsing lives here, not in core, because only the store reads them back.

use duban_core::indicator::{Measure, Role};
use duban_core::meta::Level;
use duban_core::outline::SectionRole;
use duban_core::quantity::Qualifier;
use duban_core::target::Hardness;
use serde::Serialize;

/// The snake_case name of any of the engine's unit enums.
pub fn name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        other => format!("{other:?}"),
    }
}

fn parse<T: Serialize + Copy>(all: &[T], text: &str) -> Option<T> {
    all.iter().copied().find(|v| name(v) == text)
}

/// A measure from its stored name.
pub fn measure(text: &str) -> Option<Measure> {
    use Measure::*;
    parse(&[Level, Growth, ChangePp, Share, Count, Change], text)
}

/// A role from its stored name.
pub fn role(text: &str) -> Option<Role> {
    use Role::*;
    parse(&[Actual, Estimate, Target, PlanTarget], text)
}

/// A qualifier from its stored name.
pub fn qualifier(text: &str) -> Option<Qualifier> {
    use Qualifier::*;
    parse(&[Exact, About, AtLeast, AtMost, Nearly, Range, Sync], text)
}

/// A hardness from its stored name.
pub fn hardness(text: &str) -> Option<Hardness> {
    parse(&[Hardness::Hard, Hardness::Soft], text)
}

/// An administrative level from its name (`national`, `province`, …).
pub fn level(text: &str) -> Option<Level> {
    use Level::*;
    parse(&[National, Province, Prefecture, County, District], text)
}

/// A section role from its stored name.
pub fn section_role(text: &str) -> Option<SectionRole> {
    use SectionRole::*;
    parse(
        &[
            Review,
            Problems,
            Requirements,
            Targets,
            Tasks,
            Plan,
            GovernmentSelfBuilding,
            Other,
        ],
        text,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        assert_eq!(name(&Measure::ChangePp), "change_pp");
        assert_eq!(measure("change_pp"), Some(Measure::ChangePp));
        assert_eq!(role("plan_target"), Some(Role::PlanTarget));
        assert_eq!(qualifier("at_least"), Some(Qualifier::AtLeast));
        assert_eq!(level("national"), Some(Level::National));
        assert_eq!(hardness("soft"), Some(Hardness::Soft));
        assert_eq!(
            section_role("government_self_building"),
            Some(SectionRole::GovernmentSelfBuilding)
        );
        assert_eq!(qualifier("roughly"), None);
    }
}
