// Receiving a ledger file in chunks (`ledgers.upload`). Why chunks: the contract carries JSON, and a
// 50 MB file as one base64 body would be a 67 MB string, parsed and copied again in the host — hundreds of
// megabytes for one request, and a body limit raised for every caller of that route. In 512 KB chunks each
// request stays under the headless host's 1 MB limit, goes straight to disk at its offset, and the station's
// memory does not grow with the file. Electron IPC carries the same chunks.
import { copyFile, open, stat } from 'node:fs/promises';
import { ApiError } from '../../shared/errors';
import type { LedgerKind } from '../../shared/domain/ledgers/kinds';
import type { Executor } from '../db/schema';
import { uuidv7 } from '../ids';
import { getBatch } from './batches';
import { ensureImportDir, sourcePath } from './files';

export interface ChunkInput {
  batchId?: string | undefined;
  kind: LedgerKind;
  fileName: string;
  size: number;
  offset: number;
  data: string;
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

export async function receiveChunk(
  db: Executor,
  dataDir: string,
  input: ChunkInput,
  actor: { id: string; name: string },
  now: Date,
): Promise<{ batchId: string; received: number }> {
  const bytes = Buffer.from(input.data, 'base64');
  let batchId = input.batchId;
  if (!batchId) {
    if (input.offset !== 0) throw new ApiError('invalid_input', '新的上传必须从文件开头开始');
    batchId = uuidv7(now.getTime());
    await db
      .insertInto('import_batches')
      .values({
        id: batchId,
        kind: input.kind,
        file_name: input.fileName,
        file_size: input.size,
        status: 'uploading',
        sheet: null,
        layout: null,
        counts: null,
        choices: null,
        reason: null,
        operator_id: actor.id,
        operator_name: actor.name,
        created_at: now.toISOString(),
        committed_at: null,
        undone_at: null,
        undone_by: null,
      })
      .execute();
    ensureImportDir(dataDir, batchId);
  } else {
    const b = await getBatch(db, batchId);
    if (b.status !== 'uploading' || b.kind !== input.kind || b.file_size !== input.size)
      throw new ApiError('conflict', '该批次不在上传中，请重新选择文件');
  }
  const path = sourcePath(dataDir, batchId);
  const have = await sizeOf(path);
  if (have !== input.offset)
    throw new ApiError(
      'conflict',
      `上传顺序错乱（已收到 ${have} 字节，本块从 ${input.offset} 开始），请重新选择文件`,
    );
  if (have + bytes.length > input.size) throw new ApiError('invalid_input', '上传的内容超过了声明的文件大小');
  const fh = await open(path, input.offset === 0 ? 'w' : 'a');
  try {
    await fh.write(bytes);
  } finally {
    await fh.close();
  }
  return { batchId, received: have + bytes.length };
}

/** Puts a local file in place as a batch's upload (the CLI's way in). */
export async function receiveFile(
  db: Executor,
  dataDir: string,
  kind: LedgerKind,
  file: string,
  fileName: string,
  actor: { id: string; name: string },
  now: Date,
): Promise<string> {
  const size = await sizeOf(file);
  if (size === 0) throw new ApiError('invalid_input', '文件是空的');
  const first = await receiveChunk(db, dataDir, { kind, fileName, size, offset: 0, data: '' }, actor, now);
  await copyFile(file, sourcePath(dataDir, first.batchId));
  return first.batchId;
}
