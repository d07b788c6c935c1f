// The streamed push (issue 14), on a real server over SQLite and PostgreSQL: the station sends its batch as
// one request of gzip'd NDJSON sub-batches and the district applies each as it arrives. A body cut mid-way
// (a raw socket that stops inside the third sub-batch; the fault proxy cutting the station's own upload)
// leaves the complete sub-batches applied with their receipts, and the retry completes with nothing
// applied twice. The old JSON push still works beside it, and a station that believed in the stream falls
// back to it when the district refuses the stream.
import net from 'node:net';
import { constants, createGzip, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ENDPOINTS, PUSH_STREAM_TYPE, pushResponse, type PushEntry } from '../../shared/sync/protocol';
import { nextBatch, pushStreamLines, toWire } from '../../station/sync/push';
import { readSyncState } from '../../station/sync/state';
import { post, postLines } from '../../station/sync/transport';
import type { SyncService } from '../../station/sync/service';
import { readMeta, setMeta } from '../../station/meta';
import {
  COMMUNITY_A,
  enrolledStation,
  peopleFrom,
  startDistrict,
  type District,
  type SyncedStation,
} from './harness';
import { startFaultProxy, type FaultProxy } from './faultProxy';
import { expectEqualToServer } from './scenarios';

/** Each line gzip'd with a sync flush after it, as the station sends it; `ends[i]`: bytes up to line i. */
async function flushedLines(lines: string[]): Promise<{ bytes: Buffer; ends: number[] }> {
  const gz = createGzip();
  const out: Buffer[] = [];
  gz.on('data', (c: Buffer) => out.push(c));
  const ends: number[] = [];
  for (const line of lines) {
    gz.write(line + '\n');
    await new Promise<void>((r) => gz.flush(constants.Z_SYNC_FLUSH, () => r()));
    ends.push(out.reduce((n, c) => n + c.length, 0));
  }
  gz.end();
  await new Promise<void>((r) => gz.on('end', () => r()));
  return { bytes: Buffer.concat(out), ends };
}

/**
 * POSTs the first `upTo` bytes of a chunked body on a raw socket. Then `drop`: the connection is dropped at
 * once; `stall`: nothing more is sent and the socket is left open, as a line that died without a word would
 * leave it, resolving when the district has closed it.
 */
async function partialStream(
  url: string,
  credential: string,
  body: Buffer,
  upTo: number,
  then: 'drop' | 'stall',
): Promise<void> {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  const closed = new Promise<void>((r) => socket.once('close', () => r()));
  socket.on('error', () => {}); // a reset from the district is how it closes a stalled one
  await new Promise<void>((r) => socket.once('connect', () => r()));
  const part = body.subarray(0, upTo);
  socket.write(
    `POST ${ENDPOINTS.pushStream} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${credential}\r\n` +
      `Content-Type: ${PUSH_STREAM_TYPE}\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n` +
      `${part.length.toString(16)}\r\n`,
  );
  socket.write(part);
  await new Promise<void>((r) => socket.write('\r\n', () => r()));
  if (then === 'drop') socket.destroy();
  await closed;
}

/** The last seq of a station the district has applied. */
async function lastAppliedAt(d: District, stationId: string): Promise<number> {
  const row = await d.server.db
    .selectFrom('stations')
    .select('last_applied_seq')
    .where('id', '=', stationId)
    .executeTakeFirstOrThrow();
  return Number(row.last_applied_seq);
}

async function entriesOf(s: SyncedStation): Promise<PushEntry[]> {
  const state = (await readSyncState(s.station.db))!;
  const rows = await nextBatch(s.station.db, state.seq_offset, null, 1000);
  return rows.map((r) => toWire(r, state.seq_offset));
}

describe.each([
  ['sqlite', false],
  ['postgres', true],
] as const)('streamed push on %s', (_name, pg) => {
  let d: District;
  let proxy: FaultProxy;
  let a1: SyncedStation;
  let a2: SyncedStation;
  const ids: string[] = [];
  const person = peopleFrom(pg ? 4141 : 4040);
  let phone = 13_700_000_000;

  /** How many rows of `table` the district holds from a station (its receipts, its log entries). */
  const countFrom = async (
    table: 'receipts' | 'sync_log',
    column: 'station_id' | 'origin',
    stationId: string,
  ) =>
    Number(
      (
        await d.server.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where(column, '=', stationId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const receipts = (stationId: string) => countFrom('receipts', 'station_id', stationId);
  const logged = (stationId: string) => countFrom('sync_log', 'origin', stationId);
  const lastApplied = (stationId: string) => lastAppliedAt(d, stationId);
  /** `n` edits of as many residents: one log entry each (a batch logs a row it changed once). */
  const edit = async (s: SyncedStation, n: number) => {
    for (let i = 0; i < n; i++)
      await s.call('residents.update', { id: ids[i % ids.length]!, phone: String(++phone) });
  };

  beforeAll(async () => {
    d = await startDistrict({ pg });
    proxy = await startFaultProxy(d.url);
    a1 = await enrolledStation(d, COMMUNITY_A, { via: proxy.url });
    a2 = await enrolledStation(d, COMMUNITY_A);
    (a1.station.services.sync as SyncService).options.streamLine = 10;
    for (let i = 0; i < 40; i++) {
      const p = person();
      ids.push((await a1.call('residents.create', { name: p.name, idNumber: p.idNumber })).id);
    }
    await a1.sync(); // a JSON push: its answer tells that the district takes the stream
    await a2.sync();
    expect((await readMeta(a1.station.db)).district_push_stream).toBe('1');
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a1, a2].map((s) => s?.close()));
    await proxy?.close();
    await d?.close();
  });

  it('streams the push in sub-batches, one request with the pull riding on it', async () => {
    await a2.call('residents.update', { id: ids[0]!, name: '欧阳明远' });
    await a2.sync();
    await edit(a1, 25);
    const before = await logged(a1.stationId);
    proxy.resetStats();
    const counts = await a1.sync();
    expect(counts).toMatchObject({ pushed: 25, pulled: 1, rejected: 0 });
    expect(proxy.stats.requests).toBe(1);
    expect(await logged(a1.stationId)).toBe(before + 25);
    await expectEqualToServer(a1);
  });

  it('a body cut inside the third sub-batch leaves the first two applied; the retry applies the rest once', async () => {
    await edit(a1, 30);
    const entries = await entriesOf(a1);
    expect(entries).toHaveLength(30);
    const state = (await readSyncState(a1.station.db))!;
    const lines = pushStreamLines(
      { stationId: state.station_id, clock: new Date().toISOString(), pending: 30 },
      entries,
      10,
    );
    expect(lines).toHaveLength(5); // the header, three sub-batches, the end
    const { bytes, ends } = await flushedLines(lines);
    // what the server can read of the cut body: the header and two whole sub-batches, and a broken third
    const upTo = Math.floor((ends[2]! + ends[3]!) / 2);
    const readable = gunzipSync(bytes.subarray(0, upTo), { finishFlush: constants.Z_SYNC_FLUSH }).toString();
    expect(readable.split('\n').slice(0, 3)).toEqual(lines.slice(0, 3));
    const receiptsBefore = await receipts(a1.stationId);
    const logBefore = await logged(a1.stationId);
    const seqBefore = await lastApplied(a1.stationId);
    expect(seqBefore).toBe(entries[0]!.seq - 1);

    await partialStream(d.url, state.credential!, bytes, upTo, 'drop');
    await vi.waitFor(async () => expect(await lastApplied(a1.stationId)).toBe(entries[19]!.seq), {
      timeout: 20_000,
      interval: 20,
    });
    expect(await receipts(a1.stationId)).toBe(receiptsBefore + 20);
    expect(await logged(a1.stationId)).toBe(logBefore + 20);

    // the station never heard: its retry streams all 30; 20 are answered from their receipts
    const counts = await a1.sync();
    expect(counts.pushed).toBe(30);
    expect(await lastApplied(a1.stationId)).toBe(entries[29]!.seq);
    expect(await receipts(a1.stationId)).toBe(receiptsBefore + 30);
    expect(await logged(a1.stationId)).toBe(logBefore + 30);
    const outbox = await a1.station.db
      .selectFrom('outbox')
      .select(['state', 'verdict'])
      .where('seq', '>=', entries[0]!.seq + state.seq_offset)
      .execute();
    expect(outbox.every((o) => o.state === 'acked' && o.verdict === 'applied')).toBe(true);
    await expectEqualToServer(a1);
  });

  it('the station’s own stream cut by the line: the retry completes with nothing applied twice', async () => {
    await edit(a1, 40);
    // the size of such an upload, from the same stream sent whole but refused at its end
    const state = (await readSyncState(a1.station.db))!;
    const entries = await entriesOf(a1);
    const lines = pushStreamLines(
      { stationId: state.station_id, clock: new Date().toISOString() },
      entries,
      10,
    );
    const { bytes } = await flushedLines(lines);
    const receiptsBefore = await receipts(a1.stationId);
    const logBefore = await logged(a1.stationId);
    proxy.faults.push({ kind: 'cutUpload', afterBytes: 300 + Math.floor(bytes.length / 2) });
    await expect(a1.sync()).rejects.toThrow();
    expect(proxy.stats.cut).toBe(1);
    const counts = await a1.sync();
    expect(counts.pushed).toBe(40);
    expect(await receipts(a1.stationId)).toBe(receiptsBefore + 40);
    expect(await logged(a1.stationId)).toBe(logBefore + 40);
    await expectEqualToServer(a1);
    await a2.sync();
    await expectEqualToServer(a2);
  });

  it('still takes the JSON push, and a stream of entries it already has is answered from the receipts', async () => {
    await edit(a1, 12);
    const entries = await entriesOf(a1);
    const state = (await readSyncState(a1.station.db))!;
    const transport = { baseUrl: d.url, credential: state.credential };
    const header = { stationId: state.station_id, clock: new Date().toISOString() };
    const logBefore = await logged(a1.stationId);
    // as an older station pushes: one JSON body
    const json = await post(transport, ENDPOINTS.push, { ...header, entries }, pushResponse);
    expect(json.verdicts.map((v) => v.status)).toEqual(entries.map(() => 'applied'));
    expect(json.pushStream).toBe(true);
    // the same entries streamed again: nothing applied twice, the stored verdicts
    const again = await postLines(
      transport,
      ENDPOINTS.pushStream,
      PUSH_STREAM_TYPE,
      pushStreamLines(header, entries, 5),
      pushResponse,
    );
    expect(again.verdicts).toEqual(json.verdicts);
    expect(again.lastAppliedSeq).toBe(json.lastAppliedSeq);
    expect(await logged(a1.stationId)).toBe(logBefore + 12);
    // a stream whose sub-batches do not follow each other is refused, the first sub-batch kept
    await edit(a1, 4);
    const more = (await entriesOf(a1)).filter((e) => e.seq > json.lastAppliedSeq);
    const skipping = pushStreamLines(header, more, 2);
    skipping.splice(2, 1, JSON.stringify({ entries: [more[3]] }));
    await expect(
      postLines(transport, ENDPOINTS.pushStream, PUSH_STREAM_TYPE, skipping, pushResponse),
    ).rejects.toMatchObject({ serverCode: 'invalid_input' });
    expect(await lastApplied(a1.stationId)).toBe(more[1]!.seq);
    // the station's own sync finishes all of it (its outbox still holds the 16 as pending)
    const counts = await a1.sync();
    expect(counts.pushed).toBe(16);
    expect(await logged(a1.stationId)).toBe(logBefore + 16);
    await expectEqualToServer(a1);
  });

  it('pulls in streamed lines; an answer cut inside its third line leaves the cursor after the second', async () => {
    (a2.station.services.sync as SyncService).options.streamLine = 10;
    await a2.sync();
    await edit(a1, 30);
    await a1.sync();
    const { createServer } = await import('node:http');
    const cursors: number[] = [];
    const front = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const headers: Record<string, string> = {};
        for (const h of ['content-type', 'content-encoding', 'authorization'])
          if (typeof req.headers[h] === 'string') headers[h] = req.headers[h];
        void fetch(d.url + (req.url ?? ''), { method: 'POST', headers, body: Buffer.concat(chunks) })
          .then(async (r) => {
            const text = await r.text();
            if (req.url !== ENDPOINTS.pullStream) {
              res.writeHead(r.status, { 'Content-Type': 'application/json' });
              res.end(text);
              return;
            }
            const lines = text.split('\n');
            for (const l of lines.slice(0, 3)) cursors.push((JSON.parse(l) as { cursor: number }).cursor);
            res.writeHead(200, { 'Content-Type': PUSH_STREAM_TYPE });
            res.write(`${lines[0]}\n${lines[1]}\n${lines[2]!.slice(0, 100)}`, () => res.destroy());
          })
          .catch(() => res.destroy());
      });
    });
    await new Promise<void>((r) => front.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(front.address() as net.AddressInfo).port}`;
    const before = (await readSyncState(a2.station.db))!.cursor;
    try {
      await a2.station.db.updateTable('sync_state').set({ server_url: url }).where('id', '=', 1).execute();
      await expect(a2.sync()).rejects.toThrow();
      expect(cursors).toHaveLength(3);
      expect(cursors[0]).toBeGreaterThan(before);
      expect(cursors[1]).toBeGreaterThan(cursors[0]!);
      expect((await readSyncState(a2.station.db))!.cursor).toBe(cursors[1]);
    } finally {
      await a2.station.db.updateTable('sync_state').set({ server_url: d.url }).where('id', '=', 1).execute();
      await new Promise<void>((r) => front.close(() => r()));
    }
    const counts = await a2.sync();
    expect(counts.pulled).toBe(10);
    await expectEqualToServer(a2);
  });

  it('falls back to the JSON push when the district refuses the stream', async () => {
    await edit(a1, 3);
    // a district that does not know the stream's path answers 404; the station sends the batch as JSON
    // and forgets the stream until a district's answer offers it again
    const seen: string[] = [];
    const { createServer } = await import('node:http');
    const front = createServer((req, res) => {
      seen.push(req.url ?? '');
      if (req.url === ENDPOINTS.pushStream) {
        req.resume();
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'not_found', message: '没有这个接口' } }));
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const headers: Record<string, string> = {};
        for (const h of ['content-type', 'content-encoding', 'authorization'])
          if (typeof req.headers[h] === 'string') headers[h] = req.headers[h];
        void fetch(d.url + (req.url ?? ''), { method: 'POST', headers, body: Buffer.concat(chunks) })
          .then(async (r) => {
            const body = (await r.json()) as Record<string, unknown>;
            delete body.pushStream; // an older district says nothing of it
            res.writeHead(r.status, { 'Content-Type': 'application/json' });
            res.end(JSON.stringify(body));
          })
          .catch(() => res.destroy());
      });
    });
    await new Promise<void>((r) => front.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(front.address() as net.AddressInfo).port}`;
    try {
      await a1.station.db.updateTable('sync_state').set({ server_url: url }).where('id', '=', 1).execute();
      const counts = await a1.sync();
      expect(counts.pushed).toBe(3);
      expect(seen.slice(0, 2)).toEqual([ENDPOINTS.pushStream, ENDPOINTS.push]);
      expect(seen.filter((p) => p === ENDPOINTS.pushStream)).toHaveLength(1);
      expect((await readMeta(a1.station.db)).district_push_stream).toBe('0');
      await edit(a1, 1);
      seen.length = 0;
      await a1.sync();
      expect(seen[0]).toBe(ENDPOINTS.push);
    } finally {
      await a1.station.db
        .updateTable('sync_state')
        .set({ server_url: proxy.url })
        .where('id', '=', 1)
        .execute();
      await setMeta(a1.station.db, { district_push_stream: '1' });
      await new Promise<void>((r) => front.close(() => r()));
    }
    await expectEqualToServer(a1);
  });
});

// A line that dies without a word (no FIN, no reset) in the middle of a streamed push: the district closes
// the connection once nothing has moved for its idle time (2 minutes by default, 1 s here), keeps the
// sub-batches that arrived whole, and the station's next sync completes the rest once.
describe('a streamed push whose line goes silent', () => {
  let d: District;
  let a: SyncedStation;
  beforeAll(async () => {
    d = await startDistrict({ idleTimeoutMs: 1000 });
    a = await enrolledStation(d, COMMUNITY_A);
    (a.station.services.sync as SyncService).options.streamLine = 10;
  }, 120_000);
  afterAll(async () => {
    await a?.close();
    await d?.close();
  });

  it('is closed by the district after its idle time, the whole sub-batches kept', async () => {
    const person = peopleFrom(4242);
    for (let i = 0; i < 30; i++) {
      const p = person();
      await a.call('residents.create', { name: p.name, idNumber: p.idNumber });
    }
    const entries = await entriesOf(a);
    expect(entries).toHaveLength(30);
    const state = (await readSyncState(a.station.db))!;
    const lines = pushStreamLines(
      { stationId: state.station_id, clock: new Date().toISOString(), pending: 30 },
      entries,
      10,
    );
    const { bytes, ends } = await flushedLines(lines);
    await partialStream(d.url, state.credential!, bytes, Math.floor((ends[2]! + ends[3]!) / 2), 'stall');
    await vi.waitFor(async () => expect(await lastAppliedAt(d, a.stationId)).toBe(entries[19]!.seq), {
      timeout: 20_000,
      interval: 20,
    });

    const counts = await a.sync();
    expect(counts.pushed).toBe(30);
    await expectEqualToServer(a);
  });
});
