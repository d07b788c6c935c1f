// POST /v1/push/stream (issue 14): the push as one request whose body is a sequence of sub-batches, each
// applied in its own transaction (push.ts applyBatch: seq continuity, receipts, gap) as soon as its line has
// arrived, so the district's work overlaps the upload on a slow line. The answer, after the last line, holds
// every verdict. A body cut mid-way leaves the complete sub-batches applied with their receipts: the
// station's retry is answered from them. Lines: shared/sync/protocol.ts pushStreamHeader, pushStreamLine.
import { StringDecoder } from 'node:string_decoder';
import type { z } from 'zod';
import {
  pushStreamHeader,
  pushStreamLine,
  type pushResponse,
  type Verdict,
} from '../../shared/sync/protocol';
import type { ServerContext } from '../context';
import { SyncError } from '../errors';
import type { AuthedStation } from '../stations';
import { applyBatch, beginPush, checkContiguous, checkStation, type PushStart } from './push';

type PushResponse = z.infer<typeof pushResponse>;
export type PushStreamHeader = z.infer<typeof pushStreamHeader>;

/** Sub-batches one streamed push may carry (each up to 5,000 entries, as a JSON push). */
const MAX_LINES = 200;

function lineOf<S extends z.ZodType>(schema: S, text: string, what: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SyncError('invalid_input', `上传的${what}不是有效的 JSON`);
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new SyncError(
      'invalid_input',
      `上传的${what}不符合同步协议：${first ? `${first.path.join('.') || '(根)'} ${first.message}` : ''}`,
    );
  }
  return r.data;
}

/**
 * Reads the body line by line and applies each sub-batch when its line is complete. After a refusal the
 * rest of the body is read and dropped (the station is still sending it), then the refusal is thrown;
 * a body that breaks off is thrown at once (nobody is left to answer).
 */
export async function pushStream(
  ctx: ServerContext,
  station: AuthedStation,
  body: AsyncIterable<Buffer | string>,
  lineLimit: number,
): Promise<{ header: PushStreamHeader; answer: PushResponse }> {
  let header: PushStreamHeader | undefined;
  let start: PushStart | undefined;
  let sent = 0;
  let lines = 0;
  let lastSeq: number | undefined;
  let lastApplied: number | undefined;
  let ended = false;
  let refused: unknown;
  const verdicts: Verdict[] = [];

  const onLine = async (text: string) => {
    if (!header) {
      header = lineOf(pushStreamHeader, text, '批次头');
      checkStation(station, header.stationId);
      start = await beginPush(ctx, header, station);
      return;
    }
    if (ended) throw new SyncError('invalid_input', '上传的结束标记之后还有内容');
    const line = lineOf(pushStreamLine, text, '批次');
    if ('end' in line) {
      if (line.end !== sent)
        throw new SyncError('invalid_input', `上传不完整：结束标记说 ${line.end} 条，区里收到 ${sent} 条`);
      ended = true;
      return;
    }
    if (++lines > MAX_LINES) throw new SyncError('payload_too_large', '一次上传的分批太多，请分次上传');
    checkContiguous(line.entries, lastSeq);
    const r = await applyBatch(
      ctx,
      station,
      start!,
      line.entries,
      {
        ...(sent === 0 && header.pulledAside ? { pulledAside: header.pulledAside } : {}),
        ...(header.app ? { app: header.app } : {}),
        ...(header.pending !== undefined ? { pending: Math.max(0, header.pending - sent) } : {}),
      },
      ctx.now().toISOString(),
    );
    sent += line.entries.length;
    lastSeq = line.entries[line.entries.length - 1]!.seq;
    lastApplied = r.lastAppliedSeq;
    verdicts.push(...r.verdicts);
  };

  let buffered = '';
  const utf8 = new StringDecoder('utf8'); // a character split across two chunks stays whole
  for await (const chunk of body) {
    if (refused !== undefined) continue;
    buffered += typeof chunk === 'string' ? chunk : utf8.write(chunk);
    try {
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const text = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (text.trim()) await onLine(text);
      }
    } catch (e) {
      refused = e;
      buffered = '';
      continue;
    }
    if (buffered.length > lineLimit)
      throw new SyncError(
        'payload_too_large',
        `上传的一批数据太大（超过 ${Math.floor(lineLimit / 1024)} KB），请分成更小的批次上传`,
        { limit: lineLimit },
      );
  }
  if (refused !== undefined) throw refused;
  if (!header) throw new SyncError('invalid_input', '请求内容为空');
  if (buffered.trim() || !ended)
    throw new SyncError('invalid_input', '上传不完整（没有结束标记），请重新上传');
  if (lastApplied === undefined) {
    // nothing but the header (the set-aside report alone): one empty batch, as a JSON push would be
    const r = await applyBatch(
      ctx,
      station,
      start!,
      [],
      {
        ...(header.pulledAside ? { pulledAside: header.pulledAside } : {}),
        ...(header.app ? { app: header.app } : {}),
        ...(header.pending !== undefined ? { pending: header.pending } : {}),
      },
      ctx.now().toISOString(),
    );
    lastApplied = r.lastAppliedSeq;
  }
  return {
    header,
    answer: {
      lastAppliedSeq: lastApplied,
      verdicts,
      serverTime: ctx.now().toISOString(),
      epoch: start!.epoch,
    },
  };
}
