// Helpers for the sync benchmarks: start a district server on SQLite (temp folder) or PostgreSQL (a fresh
// schema, dropped on close), enrol stations, and measure the server's CPU. The server runs in the calling
// process, so process.cpuUsage() counts the client's work too unless the client runs elsewhere (a worker
// or a child process): `serverCpu` is honest only for in-process servers driven from another process.
// Run directly (`npx tsx bench/sync-server.ts [sqlite|postgres] [n]`) to time a backlog push of n creates.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ENDPOINTS, type PushEntry } from '../shared/sync/protocol';
import { idCheckCharacter } from '../shared/validators/idNumber';
import { createServer, dropPgSchema, type DistrictServer } from '../server/index';

export type BenchBackend = 'sqlite' | 'postgres';
export const BENCH_PG_URL =
  process.env.PGBENCH_URL ?? process.env.PGTEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface BenchServer {
  backend: BenchBackend;
  server: DistrictServer;
  url: string;
  /** add-station + enroll over HTTP: a credential ready for push/pull. */
  enroll(community: string): Promise<{ stationId: string; credential: string; communityCode: string }>;
  close(): Promise<void>;
}

export async function startBenchServer(
  backend: BenchBackend,
  opts: { bodyLimit?: number; retention?: number } = {},
): Promise<BenchServer> {
  let server: DistrictServer;
  let cleanup: () => Promise<void>;
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'liuqing-bench-server-'));
    server = await createServer({ ...opts, dataDir: dir });
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const schema = `bench_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
    server = await createServer({ ...opts, databaseUrl: BENCH_PG_URL, pgSchema: schema });
    cleanup = () => dropPgSchema(BENCH_PG_URL, schema);
  }
  const url = await server.listen();
  return {
    backend,
    server,
    url,
    async enroll(community) {
      const { code } = await server.addStation(community);
      const res = await fetch(url + ENDPOINTS.enroll, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      });
      const body = (await res.json()) as { stationId: string; credential: string; communityCode: string };
      if (!res.ok) throw new Error(`enroll failed: ${JSON.stringify(body)}`);
      return body;
    },
    async close() {
      await server.close();
      await cleanup();
    },
  };
}

export interface CpuMeasure<T> {
  result: T;
  wallMs: number;
  /** user + system CPU of this process during fn, in ms (server and anything else in this process). */
  cpuMs: number;
}

export async function measureCpu<T>(fn: () => Promise<T>): Promise<CpuMeasure<T>> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await fn();
  const wallMs = performance.now() - t0;
  const d = process.cpuUsage(cpu0);
  return { result, wallMs, cpuMs: (d.user + d.system) / 1000 };
}

/** n distinct, valid residents creates as a station's outbox would hold them (deterministic). */
export function residentCreates(community: string, n: number, firstSeq = 1): PushEntry[] {
  const out: PushEntry[] = [];
  for (let i = 0; i < n; i++) {
    const day = 1 + (i % 28);
    const month = 1 + (Math.floor(i / 28) % 12);
    const year = 1960 + (Math.floor(i / 336) % 45);
    const seqCode = String(Math.floor(i / (336 * 45)) * 2 + 1 + (i % 2)).padStart(3, '0');
    const first17 = `330104${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${seqCode}`;
    const idNumber = first17 + idCheckCharacter(first17);
    const birth = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    out.push({
      seq: firstSeq + i,
      entity: 'residents',
      rowId: randomUUID(),
      op: 'create',
      fields: {
        community_code: [null, community],
        name: [null, `居民${i}`],
        id_number: [null, idNumber],
        birth_date: [null, birth],
        sex: [null, Number(seqCode) % 2 === 1 ? 'M' : 'F'],
        phone: [null, `139${String(10_000_000 + i).slice(-8)}`],
        address: [null, `某路${i % 300}号`],
        landless_farmer: [null, i % 3 === 0 ? 1 : 0],
        subsistence: [null, 'none'],
        veteran: [null, 0],
        single_parent: [null, 0],
        released_or_rehab: [null, 0],
      },
      hlc: `${String(Date.now()).padStart(15, '0')}-${String(i % 100_000).padStart(5, '0')}`,
      operatorId: 'bench',
      operator: '基准测试',
      at: new Date().toISOString(),
    });
  }
  return out;
}

export async function pushJson(
  url: string,
  credential: string,
  body: unknown,
): Promise<{ lastAppliedSeq: number; verdicts: Array<{ status: string }> }> {
  const res = await fetch(url + ENDPOINTS.push, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { lastAppliedSeq: number; verdicts: Array<{ status: string }> };
  if (!res.ok) throw new Error(`push failed: ${JSON.stringify(json)}`);
  return json;
}

/** Push n creates from one station in batches of `batch`; returns entries/s and CPU. */
export async function measureBacklog(backend: BenchBackend, n = 10_000, batch = 5000) {
  const bs = await startBenchServer(backend);
  try {
    const community = '330104005051';
    const st = await bs.enroll(community);
    const entries = residentCreates(community, n);
    const m = await measureCpu(async () => {
      for (let i = 0; i < entries.length; i += batch) {
        const r = await pushJson(bs.url, st.credential, {
          stationId: st.stationId,
          clock: new Date().toISOString(),
          entries: entries.slice(i, i + batch),
        });
        if (r.verdicts.some((v) => v.status !== 'applied')) throw new Error('unexpected verdict');
      }
    });
    return {
      backend,
      entries: n,
      wallMs: Math.round(m.wallMs),
      cpuMs: Math.round(m.cpuMs),
      entriesPerSecond: Math.round(n / (m.wallMs / 1000)),
    };
  } finally {
    await bs.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const backends = (process.argv[2] ? [process.argv[2]] : ['sqlite', 'postgres']) as BenchBackend[];
  const n = Number(process.argv[3] ?? 10_000);
  for (const b of backends) console.log(JSON.stringify(await measureBacklog(b, n)));
}
