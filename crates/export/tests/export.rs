//! Every export format written and read back: CSV and JSON by parsing, XLSX with
//! calamine, Parquet with the parquet crate's arrow reader (feature `parquet`).

use calamine::{Data, Reader, Xlsx};
use duban_export::Format;
use duban_store::*;
use std::io::Cursor;

fn task(id: i64, text: &str, status: Status) -> TaskRow {
    TaskRow {
        id: TaskId(id),
        key: format!("t{id:012x}"),
        report_id: ReportId(1),
        region: Some("北京市海淀区".to_string()),
        year: Some(2016),
        area: "主要任务 / 教育".to_string(),
        text: text.to_string(),
        stated_deadline: Some("年底前".to_string()),
        lead_unit: Some("区教委".to_string()),
        supporting_units: Some("区发改委、区财政局".to_string()),
        due_date: None,
        status,
        version: 1,
        notes: vec![
            ProgressNote {
                noted_on: "2016-06-30".to_string(),
                note: "已开工".to_string(),
                author: "wang".to_string(),
            },
            ProgressNote {
                noted_on: "2016-12-31".to_string(),
                note: "已完成".to_string(),
                author: "wang".to_string(),
            },
        ],
        evidence: None,
    }
}

fn tasks() -> Vec<TaskRow> {
    vec![
        task(7, "新增中小学学位1440个。\n", Status::Done),
        task(8, "拆除违法建设不少于150万平方米。", Status::InProgress),
    ]
}

fn track_row(verdict: &str, outcome: Option<f64>) -> TrackRow {
    let source = SourceRef {
        report_id: ReportId(1),
        title: Some("2015年政府工作报告".to_string()),
        sentence: "国内生产总值增长7%左右。".to_string(),
    };
    TrackRow {
        region: Some("中华人民共和国".to_string()),
        year: Some(2015),
        metric: Some("gdp".to_string()),
        measure: "growth".to_string(),
        target: TargetSide {
            value: Some(7.0),
            low: None,
            high: None,
            unit: "percent".to_string(),
            qualifier: Some("about".to_string()),
            metric_text: "国内生产总值".to_string(),
            hardness: "soft".to_string(),
            source: source.clone(),
        },
        outcome: outcome.map(|value| OutcomeSide {
            value: Some(value),
            unit: "percent".to_string(),
            qualifier: Some("exact".to_string()),
            role: "actual".to_string(),
            report_year: Some(2016),
            source: SourceRef {
                report_id: ReportId(2),
                title: None,
                sentence: "国内生产总值增长6.9%。".to_string(),
            },
        }),
        verdict: verdict.to_string(),
        rule: "about: |6.9 − 7| = 0.1 ≤ 0.5 → met".to_string(),
    }
}

#[test]
fn xlsx_ledger_reads_back_with_the_office_columns() {
    let mut bytes = Vec::new();
    duban_export::ledger(&tasks(), Format::Xlsx, &mut bytes).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), vec!["台账".to_string()]);
    let range = book.worksheet_range("台账").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c: &Data| c.to_string()).collect())
        .collect();
    assert_eq!(
        rows[0],
        [
            "序号",
            "任务",
            "牵头单位",
            "配合单位",
            "完成时限",
            "进展情况",
            "状态"
        ]
    );
    assert_eq!(
        rows[1],
        [
            "1",
            "新增中小学学位1440个。",
            "区教委",
            "区发改委、区财政局",
            "年底前",
            "2016-06-30 已开工; 2016-12-31 已完成",
            "已完成"
        ]
    );
    assert_eq!(rows[2][0], "2");
    assert_eq!(rows[2][6], "推进中");
    assert_eq!(rows.len(), 3);
}

#[test]
fn csv_targets_have_a_header_and_one_line_per_row() {
    let rows = vec![track_row("met", Some(6.9)), track_row("no_data", None)];
    let mut out = Vec::new();
    duban_export::targets(&rows, Format::Csv, &mut out).unwrap();
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let header = reader.headers().unwrap().clone();
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), 2);
    let field = |rec: &csv::StringRecord, name: &str| {
        let at = header.iter().position(|h| h == name).unwrap();
        rec[at].to_string()
    };
    assert_eq!(field(&records[0], "target_value"), "7");
    assert_eq!(field(&records[0], "outcome_value"), "6.9");
    assert_eq!(field(&records[0], "verdict"), "met");
    assert_eq!(field(&records[1], "outcome_value"), "");
    assert_eq!(field(&records[1], "outcome_sentence"), "");
}

#[test]
fn json_ledger_is_an_array_of_rows() {
    let mut out = Vec::new();
    duban_export::ledger(&tasks(), Format::Json, &mut out).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(v[0]["lead_unit"], "区教委");
    assert_eq!(v[1]["status"], "in_progress");
}

#[test]
fn csv_ledger_columns() {
    let mut out = Vec::new();
    duban_export::ledger(&tasks(), Format::Csv, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let first = text.lines().next().unwrap();
    assert_eq!(
        first,
        "no,task_id,region,year,area,task,lead_unit,supporting_units,deadline,progress,status,evidence,evidence_score"
    );
}

#[cfg(not(feature = "parquet"))]
#[test]
fn parquet_without_the_feature_is_a_clear_error() {
    let mut out = Vec::new();
    let err = duban_export::ledger(&tasks(), Format::Parquet, &mut out).unwrap_err();
    assert!(err.to_string().contains("`parquet` feature"), "{err}");
    assert!(out.is_empty());
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_reads_back_with_arrow() {
    use arrow_array::Array;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    use std::io::Write;
    let rows = vec![track_row("met", Some(6.9)), track_row("no_data", None)];
    let mut file = tempfile::tempfile().unwrap();
    let mut bytes = Vec::new();
    duban_export::targets(&rows, Format::Parquet, &mut bytes).unwrap();
    file.write_all(&bytes).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let batches: Vec<_> = reader.map(|b| b.unwrap()).collect();
    let batch = &batches[0];
    assert_eq!(batch.num_rows(), 2);
    let schema = batch.schema();
    let verdict = schema.index_of("verdict").unwrap();
    let outcome = schema.index_of("outcome_value").unwrap();
    let verdicts = batch
        .column(verdict)
        .as_any()
        .downcast_ref::<arrow_array::StringArray>()
        .unwrap();
    assert_eq!(verdicts.value(0), "met");
    assert_eq!(verdicts.value(1), "no_data");
    let outcomes = batch
        .column(outcome)
        .as_any()
        .downcast_ref::<arrow_array::Float64Array>()
        .unwrap();
    assert_eq!(outcomes.value(0), 6.9);
    assert!(outcomes.is_null(1));
}
