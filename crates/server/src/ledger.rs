//! The ledger's filters and the validation of ledger edits, shared by pages and API.

use crate::error::AppError;
use duban_store::{Status, TaskChange, TaskRow};
use serde::Deserialize;
use std::sync::Arc;

/// The ledger's filters as they come in a query string; empty fields mean "any".
#[derive(Clone, Debug, Default, Deserialize)]
pub struct TaskQuery {
    /// Region (full name or its end).
    pub region: Option<String>,
    /// Report year.
    pub year: Option<String>,
    /// Part of the area (heading path).
    pub area: Option<String>,
    /// Part of the lead or supporting units.
    pub unit: Option<String>,
    /// Status name.
    pub status: Option<String>,
    /// Any non-empty value: only tasks past their due date and not done or dropped.
    pub overdue: Option<String>,
}

fn given(field: &Option<String>) -> Option<&str> {
    field.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl TaskQuery {
    /// The store's filter (region and year); a year that is not a number is refused.
    pub fn store_filter(&self) -> Result<duban_store::Filter, AppError> {
        Ok(duban_store::Filter {
            region: given(&self.region).map(str::to_string),
            metric: None,
            year: parse_year(given(&self.year))?,
        })
    }

    /// Checks the status name, if one is given.
    pub fn status(&self) -> Result<Option<Status>, AppError> {
        given(&self.status)
            .map(|s| {
                Status::parse(s).ok_or_else(|| AppError::Invalid(format!("unknown status {s:?}")))
            })
            .transpose()
    }

    /// Whether only overdue tasks are wanted.
    pub fn overdue(&self) -> bool {
        given(&self.overdue).is_some_and(|v| v != "0" && v != "false")
    }

    /// The filters beyond region and year, for the store's [`duban_store::Store::ledger_page`];
    /// `today` dates the overdue filter.
    pub fn ledger_filter(&self, today: &str) -> Result<duban_store::LedgerFilter, AppError> {
        Ok(duban_store::LedgerFilter {
            area: given(&self.area).map(str::to_string),
            unit: given(&self.unit).map(str::to_string),
            status: self.status()?,
            overdue_on: self.overdue().then(|| today.to_string()),
        })
    }

    /// Keeps the rows matching the filters beyond region and year.
    pub fn select(&self, rows: Arc<Vec<TaskRow>>, today: &str) -> Result<Picked, AppError> {
        let status = self.status()?;
        let area = given(&self.area);
        let unit = given(&self.unit);
        let overdue = self.overdue();
        let picked = rows
            .iter()
            .enumerate()
            .filter(|(_, t)| area.is_none_or(|a| t.area.contains(a)))
            .filter(|(_, t)| {
                unit.is_none_or(|u| {
                    t.lead_unit.as_deref().is_some_and(|l| l.contains(u))
                        || t.supporting_units.as_deref().is_some_and(|s| s.contains(u))
                })
            })
            .filter(|(_, t)| status.is_none_or(|s| t.status == s))
            .filter(|(_, t)| !overdue || is_overdue(t, today))
            .map(|(k, _)| k)
            .collect();
        Ok(Picked { rows, picked })
    }
}

/// The ledger rows a query picked out of the (shared, cached) rows of its region and
/// year, without copying them.
pub struct Picked {
    rows: Arc<Vec<TaskRow>>,
    picked: Vec<usize>,
}

impl Picked {
    /// How many rows were picked.
    pub fn len(&self) -> usize {
        self.picked.len()
    }

    /// Whether none was.
    pub fn is_empty(&self) -> bool {
        self.picked.is_empty()
    }

    /// The picked rows in ledger order.
    pub fn iter(&self) -> impl Iterator<Item = &TaskRow> {
        self.picked.iter().map(|&k| &self.rows[k])
    }

    /// The picked rows, copied (for exports).
    pub fn to_vec(&self) -> Vec<TaskRow> {
        self.iter().cloned().collect()
    }
}

/// A year from a query field.
pub fn parse_year(text: Option<&str>) -> Result<Option<i32>, AppError> {
    text.map(|y| {
        y.parse::<i32>()
            .ok()
            .filter(|y| (1900..=2200).contains(y))
            .ok_or_else(|| AppError::Invalid(format!("year {y:?} is not a year")))
    })
    .transpose()
}

/// Past its due date (set by people) and neither done nor dropped.
pub fn is_overdue(task: &TaskRow, today: &str) -> bool {
    task.due_date
        .as_deref()
        .is_some_and(|d| !d.is_empty() && d < today)
        && !matches!(task.status, Status::Done | Status::Dropped)
}

/// Today's date (UTC) as YYYY-MM-DD.
pub fn today() -> String {
    duban_store::date_of_unix_days(crate::auth::now().div_euclid(86_400))
}

/// Whether `text` is a real date written YYYY-MM-DD.
pub fn valid_date(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| text.get(r).and_then(|s| s.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    if !text[..4].bytes().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1900..=2200).contains(&y) && (1..=days).contains(&d)
}

/// The longest unit list accepted, in characters.
pub const MAX_UNITS: usize = 200;
/// The longest progress note accepted, in characters.
pub const MAX_NOTE: usize = 4000;

/// A single-line text field: at most `max` characters, no control characters.
fn check_line(field: &str, value: &str, max: usize) -> Result<(), AppError> {
    if value.chars().count() > max {
        return Err(AppError::Invalid(format!(
            "{field}: longer than {max} characters"
        )));
    }
    if value.chars().any(char::is_control) {
        return Err(AppError::Invalid(format!(
            "{field}: control characters are not allowed"
        )));
    }
    Ok(())
}

/// A ledger edit, as the API takes it (`PATCH /api/tasks/{id}`); the page form is
/// turned into the same thing.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskPatch {
    /// The version the editor saw (required: no blind overwrites).
    pub version: i64,
    /// New 牵头单位.
    pub lead_unit: Option<String>,
    /// New 配合单位.
    pub supporting_units: Option<String>,
    /// New 完成时限 (YYYY-MM-DD).
    pub due_date: Option<String>,
    /// New status name.
    pub status: Option<String>,
}

impl TaskPatch {
    /// The store's change, after checking every field.
    pub fn to_change(&self) -> Result<TaskChange, AppError> {
        let trim = |v: &Option<String>| v.as_ref().map(|s| s.trim().to_string());
        let lead_unit = trim(&self.lead_unit);
        let supporting_units = trim(&self.supporting_units);
        let due_date = trim(&self.due_date);
        if let Some(v) = &lead_unit {
            check_line("lead_unit", v, MAX_UNITS)?;
        }
        if let Some(v) = &supporting_units {
            check_line("supporting_units", v, MAX_UNITS)?;
        }
        if let Some(d) = &due_date {
            if !valid_date(d) {
                return Err(AppError::Invalid(format!(
                    "due_date {d:?} is not a date (YYYY-MM-DD)"
                )));
            }
        }
        let status = self
            .status
            .as_deref()
            .map(|s| {
                Status::parse(s.trim()).ok_or_else(|| {
                    AppError::Invalid(format!(
                        "status {s:?} is not one of open, in_progress, done, not_done, dropped"
                    ))
                })
            })
            .transpose()?;
        Ok(TaskChange {
            expected_version: Some(self.version),
            lead_unit,
            supporting_units,
            due_date,
            status,
        })
    }
}

/// A dated progress note, as the API and the page form take it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteInput {
    /// The date the progress refers to (YYYY-MM-DD).
    pub noted_on: String,
    /// The note.
    pub note: String,
}

impl NoteInput {
    /// Checks the date and the note; returns them trimmed.
    pub fn check(&self) -> Result<(String, String), AppError> {
        let noted_on = self.noted_on.trim();
        let note = self.note.trim();
        if !valid_date(noted_on) {
            return Err(AppError::Invalid(format!(
                "noted_on {noted_on:?} is not a date (YYYY-MM-DD)"
            )));
        }
        if note.is_empty() {
            return Err(AppError::Invalid("note: empty".into()));
        }
        if note.chars().count() > MAX_NOTE {
            return Err(AppError::Invalid(format!(
                "note: longer than {MAX_NOTE} characters"
            )));
        }
        Ok((noted_on.to_string(), note.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(duban_store::date_of_unix_days(0), "1970-01-01");
        assert_eq!(duban_store::date_of_unix_days(19_782), "2024-02-29");
        assert_eq!(duban_store::date_of_unix_days(20_454), "2026-01-01");
        assert!(valid_date("2024-02-29"));
        assert!(!valid_date("2023-02-29"));
        assert!(!valid_date("2024-13-01"));
        assert!(!valid_date("2024-1-01"));
        assert!(!valid_date("+024-01-01"));
    }
}
