//! PDF → the text of its text layer, through `pdf-extract` (which parses with lopdf).
//!
//! pdf-extract panics on some inputs, notably the GBK-EUC-H CMaps of fonts common in
//! Chinese official PDFs. Extraction therefore runs inside `catch_unwind` and a panic
//! becomes an error with the panic's message. The panic hook still runs first, and
//! the default hook prints a "thread panicked" line to stderr; a binary that wants
//! quiet output installs its own hook once at start and skips panics for which
//! [`pdf_extraction_running`] is true (the flag is per thread, so a panic elsewhere
//! is never hidden). The `duban` binary does that.
//!
//! Map: pdf-extract reports no positions, so every span of the text maps to the whole
//! file.
//!
//! Not for scanned PDFs: an image-only PDF has no text to give, and OCR is out of scope.

use crate::map::Layer;
use duban_core::ByteSpan;
use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};

thread_local! {
    /// True on a thread while it runs pdf-extract.
    static EXTRACTING: Cell<bool> = const { Cell::new(false) };
}

/// True while this thread is extracting a PDF's text: a panic hook uses it to stay
/// quiet about panics that [`decode`](crate::decode) catches and reports as errors.
pub fn pdf_extraction_running() -> bool {
    EXTRACTING.with(Cell::get)
}

/// The text layer of a PDF and its map back to the file.
pub(crate) struct PdfText {
    pub(crate) text: String,
    pub(crate) layer: Layer,
}

/// Why a PDF gave no text.
pub(crate) enum PdfFailure {
    /// pdf-extract failed or panicked; the reason in words.
    Unreadable(String),
    /// The file parsed but its text layer is empty or only whitespace.
    NoText,
}

/// Extracts the text layer of the PDF in `bytes`.
pub(crate) fn read(bytes: &[u8]) -> Result<PdfText, PdfFailure> {
    EXTRACTING.with(|flag| flag.set(true));
    // The closure only reads `bytes`; nothing it could leave half-updated is used
    // after a panic, so asserting unwind safety is sound.
    let result = catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::extract_text_from_mem(bytes)
    }));
    EXTRACTING.with(|flag| flag.set(false));
    let text = match result {
        Ok(Ok(text)) => text,
        Ok(Err(e)) => return Err(PdfFailure::Unreadable(e.to_string())),
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".to_string());
            return Err(PdfFailure::Unreadable(format!(
                "the PDF text extractor crashed: {message}"
            )));
        }
    };
    if text.trim().is_empty() {
        return Err(PdfFailure::NoText);
    }
    let layer = Layer::one_unit(text.len(), ByteSpan::new(0, bytes.len()), bytes.len());
    Ok(PdfText { text, layer })
}
