// PouchDB 9 beside Liuqing's sync, in the same run (`npm run bench -- --only pouch`, or the part 'pouch' of
// LIUQING_BENCH_SYNC_PARTS in bench/sync.ts). The station side is PouchDB 9 in this process with its leveldb
// adapter on disk (as the station's SQLite is on disk); the district side is express-pouchdb over PouchDB 9
// on disk (bench/pouch/server.mjs), a CouchDB-compatible server in a process of its own (CouchDB itself
// cannot be installed here). PouchDB replicates as an app would call it: PouchDB.replicate / PouchDB.sync
// with their defaults (batches of 100 documents); the server gzips its answers (express-pouchdb's mode
// 'minimumForPouchDB'), PouchDB sends its requests plain.
// The residents are the ones bench/sync.ts generates (seedBacklog, the same seed): one resident is one
// document holding the fields the station pushes for it (its create entry's values), the resident's id as
// _id. The scenarios are the station part's (a 10,000-resident backlog pushed, a week of 2,000 single-field
// edits pushed then pulled by the PC that made them and by another PC, a new PC bootstrapped after that week)
// and the link part's (bench/syncLink.ts: a week pushed and pulled through bench/linkEmulator.ts at
// 1 Mbit/s, 200 ms, 2% loss, beside bytes ÷ bandwidth + round trips × RTT counted at the emulator). Bytes
// are counted at the same TCP proxy (tests/sync/faultProxy.ts) or emulator as Liuqing's, headers included.
// Every figure is reported only once replication has been checked complete (document counts, documents
// written). PouchDB is kept out of the project's dependencies: bench/pouch/ has its own package.json and
// lock, installed here on demand (`npm ci --prefix bench/pouch`); without the registry the Liuqing figures
// are still reported, with a line saying why PouchDB's are not.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Agent } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffRow } from '../station/db/outbox';
import { newStation } from '../tests/factories/station';
import { startFaultProxy, type FaultProxy } from '../tests/sync/faultProxy';
import { startLinkEmulator, type LinkEmulator } from './linkEmulator';
import type { BenchResult } from './stats';
// types only from ./sync and ./syncLink (one cycle of modules): bench/sync.ts loads this file while it is
// still running as the main module (the part 'pouch'), and a value import from that cycle would wait for it
import type { StationMeasures, seedBacklog } from './sync';
import type { LinkMeasures } from './syncLink';

const COMMUNITY = '330104005051';
const BACKLOG = Number(process.env.LIUQING_BENCH_BACKLOG ?? 10_000);
const WEEK = 2_000;
const LINK = { bandwidth: 1_000_000, rttMs: 200, loss: 0.02 };
const POUCH_DIR = join(import.meta.dirname, 'pouch');
const DB = 'residents';

// The few parts of PouchDB's API used here (bench/pouch/ brings no type definitions).
interface PouchDoc {
  _id: string;
  _rev?: string;
  [field: string]: unknown;
}
interface ReplicationResult {
  ok: boolean;
  docs_read: number;
  docs_written: number;
  doc_write_failures: number;
  errors: unknown[];
}
interface PouchDatabase {
  bulkDocs(docs: PouchDoc[]): Promise<Array<{ ok?: boolean; error?: string }>>;
  get(id: string): Promise<PouchDoc>;
  put(doc: PouchDoc): Promise<unknown>;
  info(): Promise<{ doc_count: number; update_seq: number | string }>;
  close(): Promise<void>;
}
/** A replication or sync under way: a promise of its result, and an event emitter (an 'error' event with no
 * listener would end the process; the promise carries the error). */
type Replicating<T> = Promise<T> & { on(event: 'error', fn: (e: unknown) => void): unknown };
interface PouchStatic {
  new (name: string, opts?: { fetch?: (url: string, opts: object) => Promise<unknown> }): PouchDatabase;
  fetch(url: string, opts: object): Promise<unknown>;
  replicate(source: PouchDatabase, target: PouchDatabase): Replicating<ReplicationResult>;
  sync(a: PouchDatabase, b: PouchDatabase): Replicating<{ push: ReplicationResult; pull: ReplicationResult }>;
}

/** Waits for a replication; its error comes through the promise. */
function done<T>(r: Replicating<T>): Promise<T> {
  r.on('error', () => {});
  return r;
}

// PouchDB in Node fetches with node-fetch, which without an agent opens a connection for each request
// ('Connection: close'); the station's sync keeps its connections (undici). PouchDB is given a keep-alive
// agent so both pay a handshake only per connection (without it a slow-line push of 2,000 documents took
// ~1.4× as long in a trial).
const keepAlive = new Agent({ keepAlive: true });

/** A local database on disk under `dir`, or the district's over HTTP (with the keep-alive agent). */
function opener(PouchDB: PouchStatic, dir: string, opened: PouchDatabase[]) {
  return (name: string): PouchDatabase => {
    const db = name.startsWith('http')
      ? new PouchDB(name, { fetch: (url, opts) => PouchDB.fetch(url, { ...opts, agent: keepAlive }) })
      : new PouchDB(join(dir, name));
    opened.push(db);
    return db;
  };
}

function installed(): boolean {
  return ['pouchdb', 'express-pouchdb', 'express'].every((p) =>
    existsSync(join(POUCH_DIR, 'node_modules', p, 'package.json')),
  );
}

let installFailed: string | undefined;

/** Installs bench/pouch/ when it is not there. Returns null when PouchDB can be used, else why not. */
export function ensurePouch(): string | null {
  if (installed()) return null;
  if (installFailed) return installFailed;
  console.log('bench: PouchDB 9 for the comparison is not installed: npm ci --prefix bench/pouch …');
  const r = spawnSync('npm', ['ci', '--prefix', POUCH_DIR, '--no-audit', '--no-fund'], {
    encoding: 'utf8',
    timeout: 300_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status === 0 && installed()) return null;
  const why = r.error?.message ?? `exit ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' / ')}`;
  return (installFailed = `PouchDB 9 not measured: \`npm ci --prefix bench/pouch\` failed (${why}); is the npm registry reachable? Run it by hand, then the bench again`);
}

function loadPouch(): PouchStatic {
  return createRequire(join(POUCH_DIR, 'package.json'))('pouchdb') as PouchStatic;
}

interface PouchServer {
  url: string;
  /** CPU seconds (user + system) the server process has used so far. */
  cpu(): number;
  stop(): Promise<void>;
}

/** express-pouchdb over PouchDB on disk under `dir`, in a process of its own. */
async function spawnPouchServer(dir: string): Promise<PouchServer> {
  const child = spawn(process.execPath, [join(POUCH_DIR, 'server.mjs'), dir], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) =>
      reject(new Error(`PouchDB server exited (${code}): ${stderr.slice(0, 500)}`)),
    );
  });
  return {
    url: `http://127.0.0.1:${port}`,
    cpu: () => {
      const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(f[11]) + Number(f[12])) / 100;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The residents bench/sync.ts generates (seedBacklog at offset 0), each as one document holding the fields
 * the station pushes for it, in the order the week's edits walk them. */
async function generatedResidents(seed: typeof seedBacklog, n: number): Promise<PouchDoc[]> {
  const s = await newStation({ communityCode: COMMUNITY });
  try {
    const ids = await seed(s, n, 0);
    const rows = await s.station.db.selectFrom('residents').selectAll().execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => {
      const fields = diffRow('residents', null, byId.get(id)!);
      return { _id: id, ...Object.fromEntries(Object.entries(fields).map(([k, [, v]]) => [k, v])) };
    });
  } finally {
    await s.close();
  }
}

async function load(db: PouchDatabase, docs: PouchDoc[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 500) {
    const res = await db.bulkDocs(docs.slice(i, i + 500));
    const bad = res.find((r) => r.error);
    if (bad) throw new Error(`PouchDB: loading the residents failed: ${bad.error}`);
  }
}

/** The week's single-field edits at a PC, as the station's bench makes them (the phone of resident i). */
async function editWeek(db: PouchDatabase, ids: string[], phone: (i: number) => string): Promise<void> {
  for (let i = 0; i < WEEK; i++) {
    const doc = await db.get(ids[i % ids.length]!);
    await db.put({ ...doc, phone: phone(i) });
  }
}

function checked(what: string, r: ReplicationResult, written?: number): ReplicationResult {
  if (!r.ok || r.doc_write_failures || r.errors.length)
    throw new Error(`PouchDB ${what}: replication failed (${JSON.stringify(r.errors.slice(0, 2))})`);
  if (written !== undefined && r.docs_written !== written)
    throw new Error(`PouchDB ${what}: ${r.docs_written} documents written, ${written} expected`);
  return r;
}

async function docCount(db: PouchDatabase, what: string, expected: number): Promise<void> {
  const { doc_count } = await db.info();
  if (doc_count !== expected) throw new Error(`PouchDB ${what}: ${doc_count} documents of ${expected}`);
}

interface Run<T> {
  value: T;
  secs: number;
  bytes: number;
  up: number;
  down: number;
  requests: number;
  cpu: number;
  serverCpu: number;
}

/** Runs `fn` with the proxy's counts reset, timing it and the CPU of this process and the server's. */
async function measure<T>(
  proxy: FaultProxy | LinkEmulator,
  server: PouchServer,
  fn: () => Promise<T>,
): Promise<Run<T>> {
  proxy.resetStats();
  const cpu0 = process.cpuUsage();
  const server0 = server.cpu();
  const t0 = performance.now();
  const value = await fn();
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const { bytesUp, bytesDown, requests } = proxy.stats;
  return {
    value,
    secs,
    bytes: bytesUp + bytesDown,
    up: bytesUp,
    down: bytesDown,
    requests,
    cpu: (cpu.user + cpu.system) / 1e6,
    serverCpu: server.cpu() - server0,
  };
}

const r2 = (v: number) => Math.round(v * 100) / 100;
const ratio = (pouch: number, liuqing: number) => `${r2(pouch / liuqing)}×`;
const cpus = (r: { cpu: number; serverCpu: number }) =>
  `station CPU ${r2(r.cpu)} s, server CPU ${r2(r.serverCpu)} s`;

interface Row {
  measure: string;
  liuqing: string;
  pouch: string;
  ratio: string;
}

/** The station part's scenarios with PouchDB, against express-pouchdb in its own process. */
async function stationSide(
  PouchDB: PouchStatic,
  figures: BenchResult[],
  rows: Row[],
  lq: StationMeasures,
  seed: typeof seedBacklog,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'liuqing-bench-pouch-'));
  const serverDir = join(dir, 'server');
  mkdirSync(serverDir);
  const server = await spawnPouchServer(serverDir);
  const proxy = await startFaultProxy(server.url);
  const opened: PouchDatabase[] = [];
  const open = opener(PouchDB, dir, opened);
  const direct = open(`${server.url}/${DB}`);
  try {
    const docs = await generatedResidents(seed, BACKLOG);
    const ids = docs.map((d) => d._id);
    const a = open('station-a');
    await load(a, docs);

    // the backlog, pushed by the PC that holds it
    const backlog = await measure(proxy, server, async () =>
      checked('backlog push', await done(PouchDB.replicate(a, open(`${proxy.url}/${DB}`))), BACKLOG),
    );
    await docCount(direct, 'backlog push', BACKLOG);
    figures.push({
      name: 'PouchDB 9: push 10k-resident backlog',
      value: r2(backlog.secs),
      unit: 's',
      note: `Liuqing ${r2(lq.backlog.secs)} s in the same run (PouchDB ${ratio(backlog.secs, lq.backlog.secs)}); ${cpus(backlog)} (Liuqing ${cpus(lq.backlog)})`,
    });
    figures.push({
      name: 'PouchDB 9: backlog bytes on the wire',
      value: r2(backlog.bytes / 1e6),
      unit: 'MB',
      note: `Liuqing ${r2(lq.backlog.bytes / 1e6)} MB (PouchDB ${ratio(backlog.bytes, lq.backlog.bytes)}); up ${r2(backlog.up / 1e6)} MB, down ${r2(backlog.down / 1e6)} MB, ${backlog.requests} requests (Liuqing ${lq.backlog.requests})`,
    });
    rows.push({
      measure: `push a ${BACKLOG}-resident backlog`,
      liuqing: `${r2(lq.backlog.secs)} s, ${r2(lq.backlog.bytes / 1e6)} MB`,
      pouch: `${r2(backlog.secs)} s, ${r2(backlog.bytes / 1e6)} MB`,
      ratio: `${ratio(backlog.secs, lq.backlog.secs)} time, ${ratio(backlog.bytes, lq.backlog.bytes)} bytes`,
    });
    // the PC takes the server's changes once (as the station takes its echo), so the week is the week alone
    checked('first pull', await done(PouchDB.replicate(open(`${proxy.url}/${DB}`), a)));
    // another PC of the community, bootstrapped before the week (it pulls the week below)
    const c = open('station-c');
    checked(
      'bootstrap before the week',
      await done(PouchDB.replicate(open(`${proxy.url}/${DB}`), c)),
      BACKLOG,
    );
    await docCount(c, 'bootstrap before the week', BACKLOG);

    // a week of single-field edits at the first PC, then its push
    await editWeek(a, ids, (i) => `137${String(20_000_000 + i).slice(-8)}`);
    const seq0 = Number((await direct.info()).update_seq);
    const week = await measure(proxy, server, async () =>
      checked('week push', await done(PouchDB.replicate(a, open(`${proxy.url}/${DB}`))), WEEK),
    );
    const seq1 = Number((await direct.info()).update_seq);
    if (seq1 - seq0 !== WEEK) throw new Error(`PouchDB week push: ${seq1 - seq0} updates of ${WEEK}`);
    figures.push({
      name: 'PouchDB 9: push a week (2,000 single-field edits)',
      value: r2(week.secs),
      unit: 's',
      note: `Liuqing ${r2(lq.week.secs)} s (PouchDB ${ratio(week.secs, lq.week.secs)}); ${cpus(week)} (Liuqing ${cpus(lq.week)})`,
    });
    figures.push({
      name: 'PouchDB 9: bytes per field change on the wire',
      value: Math.round(week.bytes / WEEK),
      unit: 'B',
      note: `Liuqing ${Math.round(lq.week.bytes / WEEK)} B (PouchDB ${ratio(week.bytes, lq.week.bytes)}); whole documents with their revisions; up ${week.up} B, down ${week.down} B, ${week.requests} requests (Liuqing ${lq.week.requests})`,
    });
    rows.push({
      measure: 'push a week (2,000 single-field edits)',
      liuqing: `${r2(lq.week.secs)} s, ${Math.round(lq.week.bytes / WEEK)} B a change`,
      pouch: `${r2(week.secs)} s, ${Math.round(week.bytes / WEEK)} B a change`,
      ratio: `${ratio(week.secs, lq.week.secs)} time, ${ratio(week.bytes, lq.week.bytes)} bytes`,
    });

    // the pull after it, by the PC that made the edits (it has every revision: nothing is written)
    const own = await measure(proxy, server, async () =>
      checked('own pull', await done(PouchDB.replicate(open(`${proxy.url}/${DB}`), a)), 0),
    );
    figures.push({
      name: 'PouchDB 9: pull after the week, by the PC that pushed it',
      value: own.bytes,
      unit: 'B',
      note: `Liuqing ${lq.ownPullBytes} B (PouchDB ${ratio(own.bytes, lq.ownPullBytes)}); ${own.value.docs_read} changes read back, none written; ${own.requests} requests`,
    });
    // and by the other PC
    const other = await measure(proxy, server, async () =>
      checked('other PC pull', await done(PouchDB.replicate(open(`${proxy.url}/${DB}`), c)), WEEK),
    );
    figures.push({
      name: 'PouchDB 9: pull after the week, by another PC of the community',
      value: r2(other.bytes / WEEK),
      unit: 'B/change',
      note: `Liuqing ${r2(lq.otherPullBytes / WEEK)} B (PouchDB ${ratio(other.bytes, lq.otherPullBytes)}); whole documents, answers gzip'd; ${other.bytes} B in all, ${other.requests} requests`,
    });
    rows.push({
      measure: 'pull of that week: the PC that pushed it / another PC',
      liuqing: `${lq.ownPullBytes} B / ${r2(lq.otherPullBytes / WEEK)} B a change`,
      pouch: `${own.bytes} B / ${r2(other.bytes / WEEK)} B a change`,
      ratio: `${ratio(own.bytes, lq.ownPullBytes)} / ${ratio(other.bytes, lq.otherPullBytes)} bytes`,
    });

    // a new PC of this community, after the week
    const b = open('station-b');
    const boot = await measure(proxy, server, async () =>
      checked('bootstrap', await done(PouchDB.replicate(open(`${proxy.url}/${DB}`), b)), BACKLOG),
    );
    await docCount(b, 'bootstrap', BACKLOG);
    const sample = await b.get(ids[0]!);
    if (sample.phone !== '13720000000') throw new Error('PouchDB bootstrap: the week’s edit is missing');
    figures.push({
      name: 'PouchDB 9: bootstrap a new PC (10k residents)',
      value: r2(boot.secs),
      unit: 's',
      note: `Liuqing ${r2(lq.bootstrap.secs)} s (PouchDB ${ratio(boot.secs, lq.bootstrap.secs)}); ${cpus(boot)} (Liuqing ${cpus(lq.bootstrap)})`,
    });
    figures.push({
      name: 'PouchDB 9: bootstrap bytes on the wire',
      value: r2(boot.bytes / 1e6),
      unit: 'MB',
      note: `Liuqing ${r2(lq.bootstrap.bytes / 1e6)} MB (PouchDB ${ratio(boot.bytes, lq.bootstrap.bytes)}); up ${r2(boot.up / 1e6)} MB, down ${r2(boot.down / 1e6)} MB, ${boot.requests} requests (Liuqing ${lq.bootstrap.requests})`,
    });
    rows.push({
      measure: `bootstrap a new PC, ${BACKLOG}-resident community`,
      liuqing: `${r2(lq.bootstrap.secs)} s, ${r2(lq.bootstrap.bytes / 1e6)} MB`,
      pouch: `${r2(boot.secs)} s, ${r2(boot.bytes / 1e6)} MB`,
      ratio: `${ratio(boot.secs, lq.bootstrap.secs)} time, ${ratio(boot.bytes, lq.bootstrap.bytes)} bytes`,
    });
  } finally {
    for (const db of opened) await db.close().catch(() => {});
    await proxy.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The link part's weekly sync with PouchDB: the PC that made the edits syncs (push and pull), then another
 * PC of the community, each through the emulated line. */
async function linkSide(
  PouchDB: PouchStatic,
  figures: BenchResult[],
  rows: Row[],
  lq: LinkMeasures,
  seed: typeof seedBacklog,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'liuqing-bench-pouch-link-'));
  const serverDir = join(dir, 'server');
  mkdirSync(serverDir);
  const server = await spawnPouchServer(serverDir);
  const emu = await startLinkEmulator(server.url, LINK);
  const openLine = await startLinkEmulator(server.url, { bandwidth: 1e12, rttMs: 0, loss: 0 });
  const opened: PouchDatabase[] = [];
  const open = opener(PouchDB, dir, opened);
  try {
    const docs = await generatedResidents(seed, lq.residents);
    const ids = docs.map((d) => d._id);
    const a = open('station-a');
    const b = open('station-b');
    await load(a, docs);
    checked(
      'link: first sync',
      (await done(PouchDB.sync(a, open(`${openLine.url}/${DB}`)))).push,
      lq.residents,
    );
    checked(
      'link: other PC',
      (await done(PouchDB.sync(b, open(`${openLine.url}/${DB}`)))).pull,
      lq.residents,
    );
    await docCount(b, 'link: other PC', lq.residents);
    // each PC's sync as an app starts it: a fresh handle on the district's database, then PouchDB.sync
    const syncOver = async (e: LinkEmulator, w: number) => {
      await editWeek(a, ids, (i) => `13${w}${String(30_000_000 + i).slice(-8)}`);
      const aRun = await measure(e, server, async () => {
        const r = await done(PouchDB.sync(a, open(`${e.url}/${DB}`)));
        checked('link: pusher', r.push, WEEK);
        return checked('link: pusher', r.pull);
      });
      const aLimit = e.limitSeconds();
      const bRun = await measure(e, server, async () =>
        checked('link: other PC', (await done(PouchDB.sync(b, open(`${e.url}/${DB}`)))).pull, WEEK),
      );
      const bLimit = e.limitSeconds();
      const got = await b.get(ids[WEEK - 1]!);
      if (got.phone !== `13${w}${String(30_000_000 + WEEK - 1).slice(-8)}`)
        throw new Error('PouchDB link: the other PC lacks the week’s last edit');
      return { aRun, bRun, secs: aRun.secs + bRun.secs, limit: aLimit + bLimit };
    };
    const opn = await syncOver(openLine, 7);
    const slow = await syncOver(emu, 8);
    const bytes = slow.aRun.bytes + slow.bRun.bytes;
    const requests = slow.aRun.requests + slow.bRun.requests;
    figures.push({
      name: 'PouchDB 9: weekly push + pull over the slow line, pusher and another PC',
      value: r2(slow.secs),
      unit: 's',
      note: `1 Mbit/s, 200 ms RTT, 2% loss (SACK); ${lq.residents} residents, ${WEEK} single-field edits; Liuqing ${r2(lq.secs)} s in the same run (PouchDB ${ratio(slow.secs, lq.secs)}); pusher ${r2(slow.aRun.secs)} s, other PC ${r2(slow.bRun.secs)} s; ${bytes} B (Liuqing ${lq.bytes} B), ${requests} requests (Liuqing ${lq.requests}), ${emu.stats.lost} segments lost in the other PC's run`,
    });
    figures.push({
      name: 'PouchDB 9: weekly sync over the slow line vs its physical limit',
      value: r2(slow.secs / slow.limit),
      unit: '×',
      note: `${r2(slow.secs)} s against bytes ÷ bandwidth + round trips × RTT = ${r2(slow.limit)} s (same formula, counted at the emulator; PouchDB's push and pull overlap on parallel connections, each request still counted a round trip, so its limit is generous; its bytes alone take ${r2((bytes * 8) / LINK.bandwidth)} s, ${r2(slow.secs / ((bytes * 8) / LINK.bandwidth))}× that); Liuqing ${r2(lq.secs / lq.limit)}× of ${r2(lq.limit)} s`,
    });
    figures.push({
      name: 'PouchDB 9: the same weekly sync over the open line',
      value: r2(opn.secs),
      unit: 's',
      note: `the two ends' own work, no line (Liuqing ${r2(lq.openSecs)} s); ${cpus({ cpu: opn.aRun.cpu + opn.bRun.cpu, serverCpu: opn.aRun.serverCpu + opn.bRun.serverCpu })}`,
    });
    rows.push({
      measure: 'weekly push + pull, 1 Mbit/s, 200 ms, 2% loss',
      liuqing: `${r2(lq.secs)} s (${r2(lq.secs / lq.limit)}× its limit), ${r2(lq.bytes / 1e3)} KB`,
      pouch: `${r2(slow.secs)} s (${r2(slow.secs / slow.limit)}× its limit), ${r2(bytes / 1e3)} KB`,
      ratio: `${ratio(slow.secs, lq.secs)} time, ${ratio(bytes, lq.bytes)} bytes`,
    });
  } finally {
    for (const db of opened) await db.close().catch(() => {});
    await emu.close();
    await openLine.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function printSideBySide(rows: Row[]): void {
  const head: Row = {
    measure: 'measure',
    liuqing: 'Liuqing',
    pouch: 'PouchDB 9',
    ratio: 'PouchDB ÷ Liuqing',
  };
  const cols = ['measure', 'liuqing', 'pouch', 'ratio'] as const;
  const widths = cols.map((c) => Math.max(...[head, ...rows].map((r) => r[c].length)));
  const line = (r: Row) => cols.map((c, i) => r[c].padEnd(widths[i]!)).join('  ');
  console.log(
    `\nPouchDB 9 beside Liuqing, same run, same residents (load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}):`,
  );
  console.log(line(head));
  for (const r of rows) console.log(line(r));
}

/** PouchDB's figures beside what the station and link parts measured in this run, with the residents that
 * `seed` (bench/sync.ts's seedBacklog) generates. */
export async function pouchFigures(
  figures: BenchResult[],
  liuqing: { station: StationMeasures; link: LinkMeasures },
  seed: typeof seedBacklog,
): Promise<void> {
  const why = ensurePouch();
  if (why) {
    console.log(`bench: ${why}`);
    figures.push({ name: 'PouchDB 9: not measured', value: 0, unit: '', note: why });
    return;
  }
  const PouchDB = loadPouch();
  const rows: Row[] = [];
  await stationSide(PouchDB, figures, rows, liuqing.station, seed);
  await linkSide(PouchDB, figures, rows, liuqing.link, seed);
  printSideBySide(rows);
}

/** `npm run bench -- --only pouch`: the station and link parts of bench/sync.ts, then PouchDB beside them. */
export async function run(): Promise<BenchResult[]> {
  // installed first, so a missing registry is said before the Liuqing parts run (their figures still come)
  const why = ensurePouch();
  if (why) console.log(`bench: ${why}`);
  const { seedBacklog, stationFigures } = await import('./sync');
  const { linkFigures } = await import('./syncLink');
  const figures: BenchResult[] = [];
  const station = await stationFigures(figures);
  const link = await linkFigures(figures);
  await pouchFigures(figures, { station, link }, seedBacklog);
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const f of await run())
    console.log(
      `${f.name}: ${f.value} ${f.unit}${f.target ? `  [target ${f.target}]` : ''}${f.note ? `  — ${f.note}` : ''}`,
    );
}
