// Files between the desk and the station: an upload goes in base64 chunks (the contract's 1 MB request
// limit, see shared/domain/ledgers/limits.ts); a download comes back as base64 and is saved through an
// <a download> (the browser's, or Electron's save dialog).
import { CHUNK_BYTES } from '../../../shared/domain/ledgers/limits';
import type { FileOut } from '../../../shared/contract';
import type { LedgerKind } from '../../../shared/domain/ledgers/kinds';
import { call } from '../api/client';

function base64(bytes: Uint8Array): string {
  let s = '';
  // String.fromCharCode takes its arguments on the stack: go in slices
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export async function uploadFile(
  kind: LedgerKind,
  file: File,
  onProgress: (done: number, total: number) => void,
): Promise<string> {
  let batchId: string | undefined;
  onProgress(0, file.size);
  for (let offset = 0; offset < file.size; offset += CHUNK_BYTES) {
    const chunk = new Uint8Array(await file.slice(offset, offset + CHUNK_BYTES).arrayBuffer());
    const r = await call('ledgers.upload', {
      ...(batchId ? { batchId } : {}),
      kind,
      fileName: file.name,
      size: file.size,
      offset,
      data: base64(chunk),
    });
    batchId = r.batchId;
    onProgress(r.received, file.size);
  }
  if (!batchId) throw new Error('empty file');
  return batchId;
}

export function saveFile(file: FileOut): void {
  const raw = atob(file.base64);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  const url = URL.createObjectURL(
    new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
  );
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // the download has started from the URL; free it a little later
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
