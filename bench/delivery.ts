// Delivery benchmark (issue 13): a backup of a 100,000-resident station database while the desk keeps
// saving (p95 of saves during the backup), and the USB bundle of a week's work (2,000 single-field edits).
// Raw limits in the same run: copying the database file with the OS (no SQLite, desk stopped), and gzip of
// the same entries without the seal (the encryption's cost). `npm run bench -- --only delivery`;
// LIUQING_BENCH_RESIDENTS=20000 for a quicker pass.
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { todayInChina } from '../shared/domain/dates';
import { STATION_DB_FILE } from '../station/station';
import { exportBundle } from '../station/delivery/bundle';
import { newStation } from '../tests/factories/station';
import { mulberry32, pick } from '../tests/factories/people';
import { makeResidentInput } from './stationData';
import { percentile, type BenchResult } from './stats';
import { generateResidentRows, loadSyncedResidents } from './helpers';

const N = Number(process.env.LIUQING_BENCH_RESIDENTS ?? 100_000);
const BATCH = 500;
const WEEK = 2000;
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

export async function run(opts: { log?: (l: string) => void } = {}): Promise<BenchResult[]> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const results: BenchResult[] = [];
  const rng = mulberry32(20261130);
  const today = todayInChina();
  const ts = await newStation();
  const scratch = mkdtempSync(join(tmpdir(), 'liuqing-bench-delivery-'));
  try {
    const db = ts.station.db;
    const community = ts.station.identity!.communityCode;
    log(`delivery: generating ${N.toLocaleString('en')} residents…`);
    const rows = generateResidentRows(rng, today, community, N);
    const seen = new Set(rows.map((r) => r.id_number));
    const stamp = new Date().toISOString();
    await loadSyncedResidents(ts, rows, BATCH);
    await sql`pragma wal_checkpoint(truncate)`.execute(db);
    const file = join(ts.dir, STATION_DB_FILE);
    const bytes = statSync(file).size;

    // raw limit: the OS copying the file (what a copy with the desk stopped would cost)
    let t = performance.now();
    copyFileSync(file, join(scratch, 'raw-copy.sqlite'));
    const rawMs = performance.now() - t;
    results.push({
      name: 'raw file copy (desk stopped)',
      value: round(rawMs / 1000),
      unit: 's',
      note: `${(bytes / 1e6).toFixed(0)} MB: the raw limit`,
    });

    // saves with no backup running, for comparison
    const person = () => {
      for (;;) {
        const input = makeResidentInput(rng, today, { full: true });
        if (!seen.has(input.idNumber)) {
          seen.add(input.idNumber);
          return input;
        }
      }
    };
    const quiet: number[] = [];
    for (let i = 0; i < 100; i++) {
      const p = person();
      const s = performance.now();
      await ts.call('residents.create', p);
      quiet.push(performance.now() - s);
    }

    // the backup while an assistant keeps saving, one save after another
    log('delivery: backup while saving…');
    const during: number[] = [];
    let running = true;
    const desk = (async () => {
      while (running) {
        const p = person();
        const s = performance.now();
        await ts.call('residents.create', p);
        during.push(performance.now() - s);
      }
    })();
    t = performance.now();
    const backup = await ts.station.backups.create('manual');
    const totalMs = performance.now() - t;
    running = false;
    await desk;
    results.push({
      name: 'backup of the station database (copy + integrity_check + counts)',
      value: round(totalMs / 1000),
      unit: 's',
      target: '< 10 s',
      note: `${(backup.bytes / 1e6).toFixed(0)} MB, ${backup.counts.residents.toLocaleString('en')} residents; ${round(totalMs / rawMs, 1)}× the raw file copy`,
    });
    results.push({
      name: 'of which the online copy (the desk keeps saving)',
      value: round((backup.copyMs ?? 0) / 1000),
      unit: 's',
      note: `${round((backup.copyMs ?? 0) / rawMs, 1)}× the raw file copy; integrity_check of the copy ${round((backup.checkMs ?? 0) / 1000)} s`,
    });
    results.push({
      name: 'save a resident during the backup, p95',
      value: round(percentile(during, 95)),
      unit: 'ms',
      target: '< 50 ms',
      note: `${during.length} saves during it; p50 ${round(percentile(during, 50))} ms; with no backup p95 ${round(percentile(quiet, 95))} ms`,
    });

    // a week's work for the USB bundle: 2,000 single-field edits through the contract
    log('delivery: a week of edits, then the bundle…');
    await sql`update outbox set state = 'acked', verdict = 'applied' where state = 'pending'`.execute(db);
    for (let i = 0; i < WEEK; i++) {
      const r = pick(rng, rows);
      await ts.call('residents.update', {
        id: r.id,
        phone: `139${String(10_000_000 + i).slice(-8)}`,
      } as never);
    }
    const stationId = randomUUID();
    await db
      .insertInto('sync_state')
      .values({
        id: 1,
        server_url: 'http://127.0.0.1:9',
        station_id: stationId,
        community_code: community,
        station_number: 1,
        credential: `${stationId}.${randomBytes(32).toString('base64url')}`,
        seq_offset: 0,
        cursor: 0,
        enrolled_at: stamp,
      } as never)
      .execute();
    t = performance.now();
    const bundle = await exportBundle(db, {
      dir: scratch,
      now: new Date(),
      appVersion: '0.1.0',
      stationNumber: 1,
    });
    const bundleMs = performance.now() - t;
    // the seal's share: the same entries, gzip only
    const pending = await db.selectFrom('outbox').selectAll().where('state', '=', 'pending').execute();
    t = performance.now();
    gzipSync(Buffer.from(JSON.stringify(pending)));
    const plainMs = performance.now() - t;
    results.push({
      name: "USB bundle of a week's work (2,000 edits)",
      value: round(bundleMs / 1000, 3),
      unit: 's',
      target: '< 2 s',
      note: `${bundle.entries} entries, ${(bundle.bytes / 1e3).toFixed(0)} KB; gzip of the same rows alone ${round(plainMs)} ms`,
    });
    return results;
  } finally {
    await ts.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}
