// Sync benchmark, the slow line (issue 14): a week of 2,000 single-field edits pushed and pulled by the PC
// that made them, and pulled by another PC of the community, through bench/linkEmulator.ts at 1 Mbit/s,
// 200 ms round trip and 2% of segments lost — beside the physical limit of the same bytes and round trips
// (bytes ÷ bandwidth + round trips × RTT, a lost segment counted as its bytes again and one round trip, all
// counted at the emulator in the same run). The district server runs as its own process, the stations in
// this one, each through its own sync run (sync.now: push, the pull riding on its answer, the shared boards
// only when they moved).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from '../server/index';
import { newStation, type TestStation } from '../tests/factories/station';
import { startLinkEmulator } from './linkEmulator';
import type { BenchResult } from './stats';
import { seedBacklog, spawnServer } from './sync';
import { round } from './syncStore';

const COMMUNITY = '330104005051';
const LINK = { bandwidth: 1_000_000, rttMs: 200, loss: 0.02 };

/** The station's own sync run (push with the pull riding on it, the pull, the boards when they moved),
 * talking to the district at `url` (the slow line or the open one). Returns what it pushed and pulled. */
async function through(s: TestStation, url: string): Promise<{ pushed: number; pulled: number }> {
  await s.station.db.updateTable('sync_state').set({ server_url: url }).where('id', '=', 1).execute();
  const counts = await s.call('sync.now', {});
  return { pushed: counts.pushed, pulled: counts.pulled };
}

export async function linkFigures(figures: BenchResult[]): Promise<void> {
  const residents = Number(process.env.LIUQING_BENCH_LINK_RESIDENTS ?? 2000);
  const week = 2000;
  const dir = mkdtempSync(join(tmpdir(), 'liuqing-bench-link-'));
  const admin = await createServer({ dataDir: dir, compactEveryMs: 0 });
  const codes = [await admin.addStation(COMMUNITY), await admin.addStation(COMMUNITY)];
  await admin.close();
  const server = await spawnServer({ dataDir: dir });
  const a = await newStation({ communityCode: COMMUNITY });
  const b = await newStation({ communityCode: COMMUNITY });
  const emu = await startLinkEmulator(server.url, LINK);
  try {
    await a.call('sync.enroll', { serverUrl: server.url, code: codes[0]!.code });
    await b.call('sync.enroll', { serverUrl: server.url, code: codes[1]!.code });
    const ids = await seedBacklog(a, residents, 0);
    await a.call('sync.now', {});
    await b.call('sync.now', {});
    const edit = async (w: number) => {
      for (let i = 0; i < week; i++)
        await a.call('residents.update', {
          id: ids[i % ids.length]!,
          phone: `13${w}${String(30_000_000 + i).slice(-8)}`,
        });
    };
    // a week over the open line first: what the two ends' own work takes (server apply, station pull)
    await edit(7);
    let t = performance.now();
    await through(a, server.url);
    const aOpen = (performance.now() - t) / 1000;
    t = performance.now();
    await through(b, server.url);
    const bOpen = (performance.now() - t) / 1000;

    await edit(8);
    emu.resetStats();
    t = performance.now();
    const sent = (await through(a, emu.url)).pushed;
    const aSecs = (performance.now() - t) / 1000;
    const aStats = { ...emu.stats };
    const aLimit = emu.limitSeconds();
    if (sent < week) throw new Error(`link: pushed ${sent} of ${week}`);

    emu.resetStats();
    t = performance.now();
    const got = (await through(b, emu.url)).pulled;
    const bSecs = (performance.now() - t) / 1000;
    const bStats = { ...emu.stats };
    const bLimit = emu.limitSeconds();
    if (got < week) throw new Error(`link: the other PC pulled ${got} of ${week}`);

    const line = '1 Mbit/s, 200 ms RTT, 2% loss';
    const describe = (s: typeof aStats) =>
      `up ${s.bytesUp} B, down ${s.bytesDown} B, ${s.requests} requests, ${s.connections} connections, ${s.lost} segments lost and resent (${s.lostBytes} B)`;
    figures.push({
      name: 'sync: weekly push + pull over the slow line, by the PC that made the edits',
      value: round(aSecs, 2),
      unit: 's',
      note: `${line}; physical limit ${round(aLimit, 2)} s; ${describe(aStats)}`,
    });
    figures.push({
      name: 'sync: pull of that week over the slow line, by another PC',
      value: round(bSecs, 2),
      unit: 's',
      note: `physical limit ${round(bLimit, 2)} s; ${describe(bStats)}`,
    });
    figures.push({
      name: 'sync: weekly sync over the slow line vs its physical limit',
      value: round((aSecs + bSecs) / (aLimit + bLimit), 2),
      unit: '×',
      target: '≤ 1.5×',
      note: `${round(aSecs + bSecs, 2)} s against bytes ÷ bandwidth + round trips × RTT = ${round(aLimit + bLimit, 2)} s (same run); pusher ${round(aSecs / aLimit, 2)}×, other PC ${round(bSecs / bLimit, 2)}×`,
    });
    figures.push({
      name: "sync: the same weekly sync over the open line (the two ends' own work)",
      value: round(aOpen + bOpen, 2),
      unit: 's',
      note: `pusher ${round(aOpen, 2)} s, other PC ${round(bOpen, 2)} s: server apply and station pull on this machine, no line; the slow line adds ${round(aSecs + bSecs - aOpen - bOpen, 2)} s to it against a limit of ${round(aLimit + bLimit, 2)} s`,
    });
  } finally {
    await a.close();
    await b.close();
    await emu.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
