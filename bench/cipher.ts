// Encryption at rest (issue 13): the station's own workload on a plain database and on the same database
// encrypted with SQLCipher, side by side in one run — bulk load, saves, a six-clears update, grid pages,
// search, reopening, the file on disk. The raw limit of the encryption itself, measured in the same run:
// AES-256-CBC over the database file's bytes with Node's crypto (what SQLCipher does per page, minus SQLite).
// Needs the SQLCipher build of sqlite3 (`@journeyapps/sqlcipher`, the node-sqlite3 API over SQLCipher 4 /
// SQLite 3.51, built from source) that `scripts/build-sqlcipher.sh` makes in .cache/sqlcipher; without it
// the suite says so and measures nothing.
// `npm run bench -- --only cipher`; LIUQING_BENCH_CIPHER_RESIDENTS (default 20,000) sets the size.
import { createCipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { CompiledQuery } from 'kysely';
import type sqlite3 from 'sqlite3';
import { todayInChina } from '../shared/domain/dates';
import { Station, STATION_DB_FILE } from '../station/station';
import type { SqliteCipher } from '../nodelib/sqlite3Dialect';
import { newStation } from '../tests/factories/station';
import { mulberry32, pick } from '../tests/factories/people';
import { makeResidentInput, makeSection } from './stationData';
import { percentile, type BenchResult } from './stats';
import { generateResidentRows, loadSyncedResidents, timeEach } from './helpers';

const N = Number(process.env.LIUQING_BENCH_CIPHER_RESIDENTS ?? 20_000);
const SAVES = 200;
const PAGES = 60;
const BATCH = 500;
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

function cipherModule(): typeof sqlite3 | null {
  const dir = join(import.meta.dirname, '..', '.cache', 'sqlcipher');
  if (!existsSync(join(dir, 'node_modules', '@journeyapps', 'sqlcipher'))) return null;
  return createRequire(join(dir, 'package.json'))('@journeyapps/sqlcipher') as typeof sqlite3;
}

interface Figures {
  loadS: number;
  saveP95: number;
  updateP95: number;
  pageP95: number;
  searchP95: number;
  reopenMs: number;
  bytes: number;
  /** the file's first 16 bytes, read after close */
  header: string;
}

async function measure(cipher: SqliteCipher | undefined): Promise<Figures> {
  const rng = mulberry32(20261201);
  const today = todayInChina();
  const ts = await newStation(cipher ? { cipher } : {});
  try {
    const community = ts.station.identity!.communityCode;
    const rows = generateResidentRows(rng, today, community, N);
    const seen = new Set(rows.map((r) => r.id_number));
    const t0 = performance.now();
    await loadSyncedResidents(ts, rows, BATCH);
    const loadS = (performance.now() - t0) / 1000;

    const creates: unknown[] = [];
    while (creates.length < SAVES) {
      const input = makeResidentInput(rng, today, { full: true });
      if (seen.has(input.idNumber)) continue;
      seen.add(input.idNumber);
      creates.push(input);
    }
    const saves = await timeEach(creates, (input) => ts.call('residents.create', input as never));
    const updateIds = Array.from({ length: SAVES }, () => pick(rng, rows).id);
    const updates = await timeEach(updateIds, (id) =>
      ts.call('residents.update', { id, income: makeSection(rng, 'income', today) as never }),
    );
    const offsets = Array.from({ length: PAGES }, (_, i) => Math.floor((i / PAGES) * (N - 100)));
    const pages = await timeEach(offsets, (offset) =>
      ts.call('residents.list', { offset, limit: 100, sort: [{ field: 'name', dir: 'asc' }] } as never),
    );
    const queries = Array.from({ length: SAVES }, () => pick(rng, rows).name);
    const searches = await timeEach(queries, (query) => ts.call('residents.search', { query }));

    const file = join(ts.dir, STATION_DB_FILE);
    await ts.station.close();
    const t1 = performance.now();
    const again = await Station.open({ dataDir: ts.dir, ...(cipher ? { cipher } : {}) });
    const reopenMs = performance.now() - t1;
    await again.db.executeQuery(CompiledQuery.raw('pragma wal_checkpoint(truncate)'));
    await again.close();
    return {
      loadS,
      saveP95: percentile(saves, 95),
      updateP95: percentile(updates, 95),
      pageP95: percentile(pages, 95),
      searchP95: percentile(searches, 95),
      reopenMs,
      bytes: statSync(file).size,
      header: readFileSync(file).subarray(0, 16).toString('latin1'),
    };
  } finally {
    // the station was closed above on success; close() of the factory removes the folder either way
    await ts.close().catch(() => undefined);
  }
}

export async function run(opts: { log?: (l: string) => void } = {}): Promise<BenchResult[]> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const mod = cipherModule();
  if (!mod) {
    log('cipher: no SQLCipher build of sqlite3 in .cache/sqlcipher — run scripts/build-sqlcipher.sh first');
    return [];
  }
  const key = `x'${randomBytes(32).toString('hex')}'`;
  log(`cipher: ${N.toLocaleString('en')} residents, plain…`);
  const plain = await measure(undefined);
  log('cipher: the same, encrypted…');
  let rawMs = 0;
  const enc = await measure({ module: mod, key });
  // the raw limit: AES-256-CBC (SQLCipher's cipher) over as many bytes as the encrypted file holds
  {
    const bytes = Buffer.alloc(enc.bytes, 7);
    const t = performance.now();
    const c = createCipheriv('aes-256-cbc', randomBytes(32), randomBytes(16));
    c.update(bytes);
    c.final();
    rawMs = performance.now() - t;
  }
  const pair = (name: string, p: number, e: number, unit: string, target?: string): BenchResult[] => [
    { name: `${name}, plain`, value: round(p), unit },
    {
      name: `${name}, encrypted`,
      value: round(e),
      unit,
      ...(target ? { target } : {}),
      note: `${round(e / p, 2)}× plain`,
    },
  ];
  return [
    {
      name: 'AES-256-CBC over the database bytes (raw limit)',
      value: round(rawMs),
      unit: 'ms',
      note: `${(enc.bytes / 1e6).toFixed(1)} MB with Node's crypto: the cipher's own cost for one full pass`,
    },
    ...pair(`bulk load of ${N.toLocaleString('en')} residents`, plain.loadS, enc.loadS, 's'),
    ...pair('save a resident with six clears, p95', plain.saveP95, enc.saveP95, 'ms', '< 15 ms'),
    ...pair('update one six-clears section, p95', plain.updateP95, enc.updateP95, 'ms', '< 15 ms'),
    ...pair('grid page of 100, p95', plain.pageP95, enc.pageP95, 'ms'),
    ...pair('search by name, p95', plain.searchP95, enc.searchP95, 'ms', '< 50 ms'),
    ...pair('reopen the station', plain.reopenMs, enc.reopenMs, 'ms'),
    ...pair('database file', plain.bytes / 1e6, enc.bytes / 1e6, 'MB'),
    {
      name: 'encrypted file starts with the SQLite header',
      value: enc.header === 'SQLite format 3\u0000' ? 1 : 0,
      unit: 'yes=1',
      note: 'read back from the file after close: 0 means the file is ciphertext from byte 0',
    },
  ];
}
