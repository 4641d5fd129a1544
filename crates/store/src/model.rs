//! The store's domain types: ids, filters and the rows its queries return.
//!
//! These are what callers (the CLI, the exporters, later the web app) see; no SQL type
//! or column name appears here. Row types serialize to the JSON the CLI prints, so the
//! field names below are part of the `track` contract (`check-contract track`).

use serde::Serialize;

/// A stored report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ReportId(pub i64);

/// A stored task (a row of the ledger).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct TaskId(pub i64);

/// A user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct UserId(pub i64);

/// What [`crate::Store::add_report`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Added {
    /// A new report was stored.
    Stored(ReportId),
    /// The same content (region, year, normalized text) was already stored.
    Unchanged(ReportId),
}

impl Added {
    /// The report's id either way.
    pub fn id(self) -> ReportId {
        match self {
            Added::Stored(id) | Added::Unchanged(id) => id,
        }
    }
}

/// A stored report, without its text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportSummary {
    /// Its id.
    pub id: ReportId,
    /// Region, if known.
    pub region: Option<String>,
    /// Level name (`national`, `district`, …).
    pub level: Option<String>,
    /// Year delivered.
    pub year: Option<i32>,
    /// Title.
    pub title: Option<String>,
    /// Where it came from (file path or URL).
    pub source: String,
    /// Counts of what was extracted.
    pub n_indicators: i64,
    /// Number of main targets.
    pub n_targets: i64,
    /// Number of tasks.
    pub n_tasks: i64,
}

/// Which rows to return; `None` means any.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Region: exact, or a suffix of the full name (`海拉尔区` matches `呼伦贝尔市海拉尔区`).
    pub region: Option<String>,
    /// Metric id.
    pub metric: Option<String>,
    /// Report year.
    pub year: Option<i32>,
}

/// Where a fact was read: the report and the sentence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceRef {
    /// The report's id.
    pub report_id: ReportId,
    /// The report's title, if known.
    pub title: Option<String>,
    /// The sentence the fact stands in.
    pub sentence: String,
}

/// The target side of a tracking row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TargetSide {
    /// Stated value (midpoint for a range); `None` for a target without a number.
    pub value: Option<f64>,
    /// Range lower bound.
    pub low: Option<f64>,
    /// Range upper bound.
    pub high: Option<f64>,
    /// Canonical unit.
    pub unit: String,
    /// Qualifier name (`about`, `at_least`, …).
    pub qualifier: Option<String>,
    /// Metric as written.
    pub metric_text: String,
    /// Hard or soft wording.
    pub hardness: String,
    /// Where it was read.
    pub source: SourceRef,
}

/// The outcome side of a tracking row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutcomeSide {
    /// Reported value.
    pub value: Option<f64>,
    /// Canonical unit.
    pub unit: String,
    /// Qualifier name.
    pub qualifier: Option<String>,
    /// `actual` or `estimate`.
    pub role: String,
    /// Year of the report that states it (the target's year + 1).
    pub report_year: Option<i32>,
    /// Where it was read.
    pub source: SourceRef,
}

/// One target and what became of it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TrackRow {
    /// Region.
    pub region: Option<String>,
    /// The target's year.
    pub year: Option<i32>,
    /// Metric id, if in the catalogue.
    pub metric: Option<String>,
    /// Measure name (`growth`, `level`, …).
    pub measure: String,
    /// The target.
    pub target: TargetSide,
    /// The outcome, if one was found.
    pub outcome: Option<OutcomeSide>,
    /// `met`, `exceeded`, `missed`, `no_data`, `not_comparable`.
    pub verdict: String,
    /// The rule applied, with numbers.
    pub rule: String,
}

/// One stored indicator, flat, for export.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndicatorRow {
    /// The report's id.
    pub report_id: ReportId,
    /// Region.
    pub region: Option<String>,
    /// Report year.
    pub year: Option<i32>,
    /// Metric id.
    pub metric: Option<String>,
    /// Metric as written.
    pub metric_text: String,
    /// Measure name.
    pub measure: String,
    /// Value.
    pub value: Option<f64>,
    /// Range lower bound.
    pub low: Option<f64>,
    /// Range upper bound.
    pub high: Option<f64>,
    /// Unit.
    pub unit: String,
    /// Qualifier name.
    pub qualifier: Option<String>,
    /// Role name.
    pub role: String,
    /// First year the value is for.
    pub period_start: Option<i32>,
    /// Last year the value is for.
    pub period_end: Option<i32>,
    /// The sentence.
    pub sentence: String,
}

/// Ledger status of a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not started or not yet reviewed.
    Open,
    /// Under way.
    InProgress,
    /// Done.
    Done,
    /// Not done by the deadline.
    NotDone,
    /// Dropped.
    Dropped,
}

impl Status {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::NotDone => "not_done",
            Status::Dropped => "dropped",
        }
    }

    /// The status named `name`.
    pub fn parse(name: &str) -> Option<Status> {
        [
            Status::Open,
            Status::InProgress,
            Status::Done,
            Status::NotDone,
            Status::Dropped,
        ]
        .into_iter()
        .find(|s| s.as_str() == name)
    }
}

/// A dated progress note (进展情况).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProgressNote {
    /// The date the progress refers to (YYYY-MM-DD).
    pub noted_on: String,
    /// The note.
    pub note: String,
    /// Who wrote it.
    pub author: String,
}

/// A candidate evidence sentence from the next year's review.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EvidenceRow {
    /// The next report's id.
    pub report_id: ReportId,
    /// The sentence.
    pub sentence: String,
    /// Bigram Jaccard score in [0, 1].
    pub score: f64,
    /// A reviewer's confirmation, if any.
    pub confirmed: Option<String>,
}

/// One task of the ledger (台账) with what people filled in.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TaskRow {
    /// Its id.
    pub id: TaskId,
    /// The engine's stable key (`t` + hex).
    pub key: String,
    /// The report's id.
    pub report_id: ReportId,
    /// Region.
    pub region: Option<String>,
    /// Report year.
    pub year: Option<i32>,
    /// Heading path, joined with ` / `.
    pub area: String,
    /// The commitment's sentence.
    pub text: String,
    /// Deadline stated in the text.
    pub stated_deadline: Option<String>,
    /// 牵头单位.
    pub lead_unit: Option<String>,
    /// 配合单位.
    pub supporting_units: Option<String>,
    /// 完成时限 set by people (YYYY-MM-DD).
    pub due_date: Option<String>,
    /// Status.
    pub status: Status,
    /// Optimistic-lock version, bumped by every update.
    pub version: i64,
    /// Progress notes, oldest first.
    pub notes: Vec<ProgressNote>,
    /// Best candidate evidence, if any.
    pub evidence: Option<EvidenceRow>,
}

/// Who makes a change: a signed-in user, or a named operator at the command line.
#[derive(Clone, Debug, PartialEq)]
pub struct Actor {
    /// The user, when signed in.
    pub user: Option<UserId>,
    /// A name for the audit log.
    pub name: String,
}

/// A change to a task's ledger fields; `None` leaves a field as it is.
#[derive(Clone, Debug, Default)]
pub struct TaskChange {
    /// The version the editor saw; a mismatch fails with [`crate::Error::Conflict`].
    pub expected_version: Option<i64>,
    /// New lead unit.
    pub lead_unit: Option<String>,
    /// New supporting units.
    pub supporting_units: Option<String>,
    /// New due date.
    pub due_date: Option<String>,
    /// New status.
    pub status: Option<Status>,
}

/// One audited change.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AuditEntry {
    /// When (UTC).
    pub at: String,
    /// Who.
    pub actor: String,
    /// Table changed.
    pub table: String,
    /// Row changed.
    pub row_id: i64,
    /// Field changed.
    pub field: String,
    /// Old value.
    pub old: Option<String>,
    /// New value.
    pub new: Option<String>,
}

/// What a relink did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LinkSummary {
    /// Targets judged.
    pub n_links: usize,
    /// Tasks given candidate evidence.
    pub n_tasks_with_evidence: usize,
}
