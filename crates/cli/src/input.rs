//! Reading one report file for every command: the size limit, checked before the
//! file is read into memory, and the refusal of files with no text. JSON-lines
//! corpora are streamed by `crate::corpus`, which holds each line to the same limit.
//!
//! Decoding itself is `duban-input`'s; this module only decides what the binary
//! accepts (see docs/bad-input.md).

use anyhow::{bail, Context, Result};
use std::io::Read;
use std::path::Path;

/// The default `--max-input-bytes`: 64 MiB, some fifty times the longest work report
/// (the national reports are under 100 KB as text, a PDF with images a few MB).
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// The display name and bytes of `path` (`-` is standard input), refusing more than
/// `max_bytes` without reading them: a file's size is checked first, and a stream
/// (stdin, a pipe, a file that grows) is read only up to one byte past the limit.
pub fn read_limited(path: &Path, max_bytes: u64) -> Result<(String, Vec<u8>)> {
    if path.as_os_str() == "-" {
        let name = "<stdin>".to_string();
        let bytes = read_up_to(std::io::stdin().lock(), max_bytes, &name)
            .context("reading standard input")?;
        return Ok((name, bytes));
    }
    let name = path.display().to_string();
    let file = std::fs::File::open(path).with_context(|| format!("{name}: cannot read"))?;
    let size = file
        .metadata()
        .with_context(|| format!("{name}: cannot read"))?
        .len();
    if size > max_bytes {
        bail!("{name}: {}", too_large(Some(size), max_bytes));
    }
    let bytes =
        read_up_to(file, max_bytes, &name).with_context(|| format!("{name}: cannot read"))?;
    Ok((name, bytes))
}

/// Reads at most `max_bytes` of `reader`; an error if there is more.
fn read_up_to(reader: impl Read, max_bytes: u64, name: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_bytes {
        bail!("{name}: {}", too_large(None, max_bytes));
    }
    Ok(bytes)
}

/// Why an input over the limit (of `size` bytes, if known) is refused; callers put
/// the file (or `file:line`) in front.
pub fn too_large(size: Option<u64>, max_bytes: u64) -> String {
    let size = size.map_or("more than the limit".to_string(), |s| format!("{s} bytes"));
    format!(
        "too large to be one report ({size}; the limit is {max_bytes} bytes, \
         raise it with --max-input-bytes)"
    )
}

/// Decodes `bytes` of the file `name`, refusing a file with no text: an empty file,
/// or one holding only whitespace or an HTML page without text.
pub fn decode(bytes: &[u8], name: &str) -> Result<duban_input::Decoded> {
    if bytes.is_empty() {
        bail!("{name}: empty file, no report to read");
    }
    let decoded = duban_input::decode(bytes, name)?;
    if decoded.text.trim().is_empty() {
        bail!("{name}: no text in it (only whitespace or markup), no report to read");
    }
    Ok(decoded)
}
