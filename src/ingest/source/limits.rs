//! Every size limit of the format readers, in one place.
//!
//! Owns only constants. The limits keep memory and time bounded for any input, including
//! hostile ones (zip bombs, sparse cells far from A1, huge repeat counts). Depends on nothing.

/// Largest input accepted, in bytes (50 MiB).
pub const MAX_INPUT_BYTES: usize = 50 * 1024 * 1024;

/// Most non-empty cells accepted over all sheets of one input: a city's 100,000 enterprises with
/// 25 columns (the app issue asks for 100,000 rows), far beyond a park's few hundred.
pub const MAX_CELLS: u64 = 2_500_000;

/// Most grid slots (cells including the empty padding that anchors data at A1, plus one per
/// row) accepted over all sheets: bounds memory when a few cells sit far from A1.
pub const MAX_GRID_SLOTS: u64 = 6_000_000;

/// Excel's own sheet bounds; anything beyond is ignored (ODS pads to them with repeats).
pub const MAX_ROWS: u32 = 1_048_576;
/// Excel's own column bound (XFD).
pub const MAX_COLUMNS: u32 = 16_384;

/// Most entries a workbook archive may hold.
pub const MAX_ZIP_ENTRIES: usize = 10_000;

/// Most bytes all entries of an archive may inflate to, together.
pub const MAX_INFLATED_TOTAL: u64 = 256 * 1024 * 1024;

/// Entries that inflate to more than this are held to [`MAX_ZIP_RATIO`].
pub const ZIP_RATIO_MIN_SIZE: u64 = 1024 * 1024;

/// Highest inflated/compressed ratio of a large entry (real sheet XML stays well below 100).
pub const MAX_ZIP_RATIO: u64 = 250;

/// Most bytes read from the small archive entries that are only sniffed (`mimetype`, manifest).
pub const MAX_SNIFF_ENTRY: u64 = 1024 * 1024;

/// Bytes of the input that sniffing looks at (magic numbers, markup, declared charset).
pub const SNIFF_WINDOW: usize = 8 * 1024;

/// Records sampled when guessing the delimiter of delimited text.
pub const DELIMITER_SAMPLE_RECORDS: usize = 50;

/// Largest `colspan` honoured in HTML tables (the HTML standard's own cap).
pub const MAX_HTML_COLSPAN: u32 = 1_000;

/// Largest `rowspan` honoured in HTML tables (the HTML standard's own cap).
pub const MAX_HTML_ROWSPAN: u32 = 65_534;

/// Largest total area (rows × columns, summed over sheets) of an XLS workbook: calamine holds
/// every XLS sheet densely, all at once.
pub const MAX_XLS_AREA: u64 = 3_000_000;
