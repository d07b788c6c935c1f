// The wire: gzip both ways, the body size limit (also after decompression), malformed bodies, unknown paths.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../../shared/sync/protocol';
import {
  BACKENDS,
  COMMUNITY_A,
  people,
  post,
  residentCreate,
  startServer,
  TestStation,
  uuid,
  type TestServer,
} from './harness';

describe.each(BACKENDS)('HTTP on %s', (backend) => {
  let ts: TestServer;
  const person = people(backend === 'sqlite' ? 707 : 808);
  beforeAll(async () => {
    ts = await startServer(backend, { bodyLimit: 256 * 1024 });
  });
  afterAll(() => ts.close());

  it('accepts a gzip body and answers gzip when asked', async () => {
    const st = await TestStation.enroll(ts, COMMUNITY_A);
    const entries = Array.from({ length: 40 }, () =>
      st.entry('residents', uuid(), 'create', residentCreate(COMMUNITY_A, person())),
    );
    const plainSize = Buffer.byteLength(JSON.stringify({ stationId: st.stationId, clock: '', entries }));
    const r = await st.push(entries, { gzipBody: true });
    expect(r.status).toBe(200);
    expect(r.body.verdicts).toHaveLength(40);

    // another PC of the community (the pusher's own pull skips its echoes)
    const other = await TestStation.enroll(ts, COMMUNITY_A);
    const plain = await post(ts.url, ENDPOINTS.pull, { after: 0 }, { credential: other.credential });
    const zipped = await post(
      ts.url,
      ENDPOINTS.pull,
      { after: 0 },
      { credential: other.credential, acceptGzip: true },
    );
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(zipped.body).toEqual(plain.body);
    expect(zipped.bytes).toBeLessThan(plain.bytes / 3);
    expect(plainSize).toBeGreaterThan(0);
  });

  it('answers 413 in the protocol shape for a body over the limit, plain or as a gzip bomb', async () => {
    const st = await TestStation.enroll(ts, COMMUNITY_A);
    const huge = {
      stationId: st.stationId,
      clock: new Date().toISOString(),
      entries: [],
      pad: 'x'.repeat(300 * 1024),
    };
    const plain = await post(ts.url, ENDPOINTS.push, huge, { credential: st.credential });
    expect(plain.status).toBe(413);
    expect(plain.body.error).toMatchObject({
      code: 'payload_too_large',
      message: expect.stringContaining('分成更小的批次'),
    });
    // 300 KB of one letter compresses to a few hundred bytes: the limit applies after decompression.
    const bomb = await post(ts.url, ENDPOINTS.push, huge, { credential: st.credential, gzipBody: true });
    expect(bomb.status).toBe(413);
    expect(bomb.body.error.code).toBe('payload_too_large');
  });

  it('answers 400 for malformed JSON, a broken gzip stream and a body that breaks the protocol', async () => {
    const st = await TestStation.enroll(ts, COMMUNITY_A);
    const bad = await post(ts.url, ENDPOINTS.push, null, {
      credential: st.credential,
      raw: '{"stationId": "x", "entries": [',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('JSON') });

    const res = await fetch(ts.url + ENDPOINTS.pull, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        authorization: `Bearer ${st.credential}`,
      },
      body: new Uint8Array((await promisify(gzip)('{"after":0}')).subarray(0, 12)),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_input');

    const wrong = await post(ts.url, ENDPOINTS.pull, { after: -1 }, { credential: st.credential });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('after'),
    });

    const notMine = await post(
      ts.url,
      ENDPOINTS.push,
      { stationId: uuid(), clock: '', entries: [] },
      { credential: st.credential },
    );
    expect(notMine.status).toBe(401);

    const missing = await post(ts.url, '/v1/nothing', {});
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });
});
