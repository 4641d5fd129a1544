//! Parquet output of a [`Table`] through arrow: one row group, columns typed as in
//! the table (text → UTF-8 string, integers → int64, numbers → float64), all nullable.

use crate::table::{Column, Table};
use crate::{Error, Result};
use arrow_array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use std::io::Write;
use std::sync::Arc;

pub(crate) fn write(table: &Table, mut out: impl Write) -> Result<()> {
    let fields: Vec<Field> = table
        .columns
        .iter()
        .map(|(name, column)| {
            let kind = match column {
                Column::Text(_) => DataType::Utf8,
                Column::Int(_) => DataType::Int64,
                Column::Float(_) => DataType::Float64,
            };
            Field::new(*name, kind, true)
        })
        .collect();
    let arrays: Vec<ArrayRef> = table
        .columns
        .iter()
        .map(|(_, column)| -> ArrayRef {
            match column {
                Column::Text(v) => Arc::new(StringArray::from(v.clone())),
                Column::Int(v) => Arc::new(Int64Array::from(v.clone())),
                Column::Float(v) => Arc::new(Float64Array::from(v.clone())),
            }
        })
        .collect();
    let schema = Arc::new(Schema::new(fields));
    let batch =
        RecordBatch::try_new(schema.clone(), arrays).map_err(|e| Error::Parquet(e.to_string()))?;
    // ArrowWriter needs `Write + Send`; the caller's writer need not be Send.
    let mut buffer = Vec::new();
    let mut writer = ArrowWriter::try_new(&mut buffer, schema, None)
        .map_err(|e| Error::Parquet(e.to_string()))?;
    writer
        .write(&batch)
        .map_err(|e| Error::Parquet(e.to_string()))?;
    writer.close().map_err(|e| Error::Parquet(e.to_string()))?;
    out.write_all(&buffer)?;
    Ok(())
}
