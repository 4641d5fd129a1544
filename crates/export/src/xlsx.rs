//! XLSX workbooks: the ledger (台账) in the supervision office's layout, and any
//! [`Table`] as a plain sheet with a header row.

use crate::table::{deadline, progress, Column, Table};
use duban_store::{Status, TaskRow};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

/// The ledger's headers and column widths, as a 督查室 keeps it.
pub const LEDGER_HEADERS: [(&str, f64); 7] = [
    ("序号", 6.0),
    ("任务", 60.0),
    ("牵头单位", 16.0),
    ("配合单位", 24.0),
    ("完成时限", 12.0),
    ("进展情况", 40.0),
    ("状态", 8.0),
];

/// Status as the office writes it.
fn status_zh(status: Status) -> &'static str {
    match status {
        Status::Open => "未开始",
        Status::InProgress => "推进中",
        Status::Done => "已完成",
        Status::NotDone => "未完成",
        Status::Dropped => "已取消",
    }
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin)
        .set_background_color(0xD9E1F2)
}

pub(crate) fn ledger(rows: &[TaskRow]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("台账")?;
    let header = header_format();
    let cell = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    for (col, (name, width)) in LEDGER_HEADERS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    for (k, task) in rows.iter().enumerate() {
        let row = k as u32 + 1;
        sheet.write_number_with_format(row, 0, (k + 1) as f64, &cell)?;
        let cells = [
            task.text.trim().to_string(),
            task.lead_unit.clone().unwrap_or_default(),
            task.supporting_units.clone().unwrap_or_default(),
            deadline(task).unwrap_or_default(),
            progress(task),
            status_zh(task.status).to_string(),
        ];
        for (col, text) in cells.iter().enumerate() {
            sheet.write_string_with_format(row, col as u16 + 1, text, &cell)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, rows.len() as u32, LEDGER_HEADERS.len() as u16 - 1)?;
    book.save_to_buffer()
}

pub(crate) fn table(table: &Table, sheet_name: &str) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name)?;
    let header = header_format();
    for (col, (name, column)) in table.columns.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, *name, &header)?;
        for row in 0..table.n_rows() {
            let at = row as u32 + 1;
            match column {
                Column::Text(v) => {
                    if let Some(s) = &v[row] {
                        sheet.write_string(at, col, s)?;
                    }
                }
                Column::Int(v) => {
                    if let Some(x) = v[row] {
                        sheet.write_number(at, col, x as f64)?;
                    }
                }
                Column::Float(v) => {
                    if let Some(x) = v[row] {
                        sheet.write_number(at, col, x)?;
                    }
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}
