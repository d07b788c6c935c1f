// How big an import may be, in one place. A community's whole labour-force ledger is a few tens of
// thousands of rows; a district's is under 300,000. Anything larger is refused with the reason before it
// can take the station's memory or an afternoon of CPU.

export { MAX_FILE_BYTES, CHUNK_BYTES } from '../../shared/domain/ledgers/limits';
/** Data rows per sheet; a sheet of a million rows is refused when its 300,001st row is read. */
export const MAX_ROWS = 300_000;
/** Columns per sheet read; cells to the right are ignored. */
export const MAX_COLUMNS = 200;
/** Excel's own limit on the characters of a cell; more means the file was not written by a spreadsheet. */
export const MAX_CELL_CHARS = 32_767;
/** Total bytes an xlsx may inflate to (its XML), and how much larger than compressed any part may be. */
export const MAX_INFLATED_BYTES = 2 * 1024 * 1024 * 1024;
export const MAX_RATIO = 250;
/** Entries in an xlsx zip: a workbook has a few dozen. */
export const MAX_ZIP_ENTRIES = 5_000;
/** Rows per staging and lookup round (one multi-row INSERT, one IN (...) lookup). */
export const CHUNK_ROWS = 500;
