// Starts a real district server for a test on either store: SQLite in a temp folder, or PostgreSQL in a
// fresh schema of PGTEST_URL (dropped afterwards). Talks to it over real HTTP with fetch.
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { ENDPOINTS, type PushEntry } from '../../shared/sync/protocol';
import { createServer, dropPgSchema, type DistrictServer, type ServerOptions } from '../../server/index';
import { makePerson, mulberry32, type Rng } from '../factories/people';

export const BACKENDS = ['sqlite', 'postgres'] as const;
export type Backend = (typeof BACKENDS)[number];
export const PG_URL = process.env.PGTEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const COMMUNITY_A = '330104005051'; // 景昙社区
export const COMMUNITY_B = '330104006051'; // 芙蓉社区

export interface TestServer {
  server: DistrictServer;
  url: string;
  /** The server's clock: tests move it forward. */
  clock: { now: number };
  /** Another server instance on the same store (as behind a load balancer); closed by `close`. */
  another(): Promise<DistrictServer>;
  close(): Promise<void>;
}

export async function startServer(
  backend: Backend,
  opts: Omit<ServerOptions, 'dataDir' | 'databaseUrl' | 'now'> = {},
): Promise<TestServer> {
  const clock = { now: Date.parse('2025-07-01T02:00:00Z') };
  const now = () => new Date(clock.now);
  let store: ServerOptions;
  let cleanup: () => Promise<void>;
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'liuqing-server-'));
    store = { dataDir: dir };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const schema = `t_${Math.random().toString(36).slice(2, 10)}`;
    store = { databaseUrl: PG_URL, pgSchema: schema };
    cleanup = () => dropPgSchema(PG_URL, schema);
  }
  const server = await createServer({ ...opts, ...store, now });
  const url = await server.listen();
  const others: DistrictServer[] = [];
  return {
    server,
    url,
    clock,
    async another() {
      const s = await createServer({ ...opts, ...store, now });
      others.push(s);
      await s.listen();
      return s;
    },
    async close() {
      for (const s of others) await s.close();
      await server.close();
      await cleanup();
    },
  };
}

export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
  bytes: number;
}

export async function post<T = any>(
  url: string,
  path: string,
  body: unknown,
  opts: { credential?: string; gzipBody?: boolean; acceptGzip?: boolean; raw?: string | Buffer } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.credential) headers.authorization = `Bearer ${opts.credential}`;
  let payload: string | Buffer = opts.raw ?? JSON.stringify(body);
  if (opts.gzipBody) {
    payload = await promisify(gzip)(payload);
    headers['content-encoding'] = 'gzip';
  }
  headers['accept-encoding'] = opts.acceptGzip ? 'gzip' : 'identity';
  // node:http rather than fetch: fetch decodes gzip itself and would hide what crossed the wire.
  const res = await new Promise<{ status: number; headers: Headers; buf: Buffer }>((resolve, reject) => {
    const req = request(
      url + path,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(payload)) } },
      (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(r.headers)) if (typeof v === 'string') h.set(k, v);
          resolve({ status: r.statusCode ?? 0, headers: h, buf: Buffer.concat(chunks) });
        });
        r.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
  const { buf } = res;
  const text =
    res.headers.get('content-encoding') === 'gzip'
      ? (await promisify(gunzip)(buf)).toString('utf8')
      : buf.toString('utf8');
  return {
    status: res.status,
    body: text ? JSON.parse(text) : null,
    headers: res.headers,
    bytes: buf.length,
  };
}

/** A station enrolled through the real endpoint, with a running outbox seq for its pushes. */
export class TestStation {
  seq = 0;
  constructor(
    readonly url: string,
    readonly stationId: string,
    readonly credential: string,
    readonly communityCode: string,
  ) {}

  static async enroll(ts: TestServer, community: string): Promise<TestStation> {
    const { code } = await ts.server.addStation(community);
    const r = await post(ts.url, ENDPOINTS.enroll, { code, stationName: '测试站' });
    if (r.status !== 200) throw new Error(`enroll failed: ${JSON.stringify(r.body)}`);
    return new TestStation(ts.url, r.body.stationId, r.body.credential, community);
  }

  entry(
    entity: string,
    rowId: string,
    op: PushEntry['op'],
    fields: Record<string, [unknown, unknown]>,
  ): PushEntry {
    this.seq += 1;
    return {
      seq: this.seq,
      entity,
      rowId,
      op,
      fields,
      hlc: `${String(Date.now()).padStart(15, '0')}-00000`,
      operatorId: 'op-1',
      operator: '测试协理员',
      at: new Date().toISOString(),
    };
  }

  push(entries: PushEntry[], extra: { clock?: string; gzipBody?: boolean } = {}) {
    return post(
      this.url,
      ENDPOINTS.push,
      { stationId: this.stationId, clock: extra.clock ?? new Date().toISOString(), entries },
      {
        credential: this.credential,
        gzipBody: extra.gzipBody ?? false,
      },
    );
  }

  pull(after: number, limit?: number) {
    return post(
      this.url,
      ENDPOINTS.pull,
      { after, ...(limit ? { limit } : {}) },
      { credential: this.credential },
    );
  }

  /** Every row of the station's snapshot, following `next`. */
  async snapshotRows(): Promise<Array<{ entity: string; rowId: string; fields: Record<string, unknown> }>> {
    const out: Array<{ entity: string; rowId: string; fields: Record<string, unknown> }> = [];
    let page: string | undefined;
    do {
      const r = await post(
        this.url,
        ENDPOINTS.snapshot,
        { ...(page ? { page } : {}) },
        { credential: this.credential },
      );
      if (r.status !== 200) throw new Error(`snapshot failed: ${JSON.stringify(r.body)}`);
      out.push(...r.body.rows);
      page = r.body.next ?? undefined;
    } while (page);
    return out;
  }

  /** Every change after `after`, following `more`. */
  async pullAll(after = 0): Promise<any[]> {
    const out: any[] = [];
    let cursor = after;
    for (;;) {
      const r = await this.pull(cursor);
      if (r.status !== 200) throw new Error(`pull failed: ${JSON.stringify(r.body)}`);
      out.push(...r.body.changes);
      cursor = r.body.cursor;
      if (!r.body.more) return out;
    }
  }
}

export function uuid(): string {
  return crypto.randomUUID();
}

/** The fields of a residents create, as the station's outbox holds them: [null, value] for each set field. */
export function residentCreate(
  community: string,
  person: { name: string; idNumber: string; birthDate: string; sex: string; phone?: string },
  extra: Record<string, unknown> = {},
) {
  const row: Record<string, unknown> = {
    community_code: community,
    name: person.name,
    id_number: person.idNumber,
    birth_date: person.birthDate,
    sex: person.sex,
    phone: person.phone ?? null,
    landless_farmer: 0,
    subsistence: 'none',
    veteran: 0,
    single_parent: 0,
    released_or_rehab: 0,
    ...extra,
  };
  return Object.fromEntries(
    Object.entries(row)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, [null, v] as [unknown, unknown]]),
  );
}

/** Distinct people from a seed (ID numbers never repeat within one call's sequence). */
export function people(seed: number): () => ReturnType<typeof makePerson> {
  const rng: Rng = mulberry32(seed);
  const seen = new Set<string>();
  return () => {
    for (;;) {
      const p = makePerson(rng);
      if (!seen.has(p.idNumber)) {
        seen.add(p.idNumber);
        return p;
      }
    }
  };
}
