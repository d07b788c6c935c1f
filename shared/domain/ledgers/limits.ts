// The two limits the renderer and the station must agree on: how large a ledger file may be, and how it
// travels — in chunks whose base64 (≈ 700 KB) stays under the contract's 1 MB request limit, so no method
// needs a larger body limit and the station never holds a whole upload in one JSON string. See
// station/ledgers/upload.ts for why chunks and not one large body.

/** Largest file accepted (bytes). A 50 MB ledger is read in under 500 MB of memory (bench/ledgers.ts). */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;
/** Raw bytes per upload chunk. */
export const CHUNK_BYTES = 512 * 1024;
/** Characters of one chunk's base64. */
export const CHUNK_BASE64_CHARS = Math.ceil(CHUNK_BYTES / 3) * 4;
