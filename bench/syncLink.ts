// Sync benchmark, the slow line (issue 14): a week of 2,000 single-field edits pushed and pulled by the PC
// that made them, and pulled by another PC of the community, through bench/linkEmulator.ts at 1 Mbit/s,
// 200 ms round trip and 2% of segments lost — beside the physical limit of the same bytes and round trips
// as issue 14 defines it (bytes ÷ bandwidth + round trips × RTT, counted at the emulator in the same run;
// the limit with each lost segment charged its bytes and a round trip is given beside it). Losses are
// recovered as TCP with SACK does (the figure) and, for comparison, as a line that stalls a round trip after
// each loss; the emulator times each phase (station, upload, server, download). The district server runs as its own process, the stations in
// this one, each through its own sync run (sync.now: push and pull streamed once the district said it takes
// them, the pull riding on the push's answer, the shared boards only when they moved).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from '../server/index';
import { newStation, type TestStation } from '../tests/factories/station';
import { startLinkEmulator, type LinkEmulator } from './linkEmulator';
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

/** Where a sync's time went, from the emulator's timeline: the station before its first byte, then per
 * request the upload, the server's work and the download, and the station after the last answer. */
function phases(emu: LinkEmulator, start: number, end: number): string {
  const r = (ms: number) => Math.round(ms);
  let at = start;
  const parts: string[] = [];
  for (const t of emu.timeline) {
    parts.push(
      `station ${r(t.clientFirst - at)} ms, up ${r(t.upDelivered - t.clientFirst)} ms, server ${r(t.serverFirst - t.upDelivered)} ms, down ${r(t.downDelivered - t.serverFirst)} ms`,
    );
    at = t.downDelivered;
  }
  parts.push(`station ${r(end - at)} ms`);
  return parts.join('; ');
}

/** What the slow-line part measured (the SACK line), for bench/pouch.ts to set PouchDB beside: the pusher's
 * and the other PC's sync, seconds and their limit (bytes ÷ bandwidth + round trips × RTT), and the bytes. */
export interface LinkMeasures {
  residents: number;
  secs: number;
  limit: number;
  bytes: number;
  requests: number;
  /** The same weekly sync over the open line (the two ends' own work). */
  openSecs: number;
}

export async function linkFigures(figures: BenchResult[]): Promise<LinkMeasures> {
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
  const stalling = await startLinkEmulator(server.url, { ...LINK, recovery: 'stall' });
  const open = await startLinkEmulator(server.url, { bandwidth: 1e12, rttMs: 0, loss: 0 });
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
    // a week over the open line first (a proxy with no delay, to see the phases): what the two ends' own
    // work takes (server apply, station pull)
    await edit(7);
    const timed = async (s: TestStation, e: LinkEmulator) => {
      e.resetStats();
      const cpu = process.cpuUsage();
      const t = performance.now();
      const counts = await through(s, e.url);
      const end = performance.now();
      const used = process.cpuUsage(cpu);
      return {
        secs: (end - t) / 1000,
        counts,
        stats: { ...e.stats },
        limit: e.limitSeconds(),
        lossLimit: e.limitWithLossSeconds(),
        phases: phases(e, t, end),
        stationCpu: (used.user + used.system) / 1e6,
      };
    };
    const aOpenRun = await timed(a, open);
    const bOpenRun = await timed(b, open);
    const aOpen = aOpenRun.secs;
    const bOpen = bOpenRun.secs;

    // the slow line, losses recovered as TCP with SACK does (the figure), then as the line that stalls
    // after each loss (the emulator's earlier model, for comparison)
    const slow = async (e: LinkEmulator, w: number) => {
      await edit(w);
      const aRun = await timed(a, e);
      if (aRun.counts.pushed < week) throw new Error(`link: pushed ${aRun.counts.pushed} of ${week}`);
      const bRun = await timed(b, e);
      if (bRun.counts.pulled < week)
        throw new Error(`link: the other PC pulled ${bRun.counts.pulled} of ${week}`);
      return { aRun, bRun, withLoss: aRun.lossLimit + bRun.lossLimit };
    };
    const sack = await slow(emu, 8);
    const stall = await slow(stalling, 9);
    const { aRun, bRun } = sack;
    if (process.env.LIUQING_BENCH_LINK_PHASES)
      for (const [name, run] of Object.entries({
        aOpenRun,
        bOpenRun,
        aRun,
        bRun,
        aStall: stall.aRun,
        bStall: stall.bRun,
      }))
        console.log(
          `${name}: ${run.secs.toFixed(2)} s, station CPU ${run.stationCpu.toFixed(2)} s; ${run.phases}`,
        );
    const aSecs = aRun.secs;
    const bSecs = bRun.secs;
    const aLimit = aRun.limit;
    const bLimit = bRun.limit;

    const line = '1 Mbit/s, 200 ms RTT, 2% loss (SACK: the sender goes on while a loss is resent)';
    const describe = (s: typeof aRun.stats) =>
      `up ${s.bytesUp} B, down ${s.bytesDown} B, ${s.requests} requests, ${s.connections} connections, ${s.lost} segments lost and resent (${s.lostBytes} B)`;
    figures.push({
      name: 'sync: weekly push + pull over the slow line, by the PC that made the edits',
      value: round(aSecs, 2),
      unit: 's',
      note: `${line}; physical limit ${round(aLimit, 2)} s; ${describe(aRun.stats)}; ${aRun.phases}`,
    });
    figures.push({
      name: 'sync: pull of that week over the slow line, by another PC',
      value: round(bSecs, 2),
      unit: 's',
      note: `physical limit ${round(bLimit, 2)} s; ${describe(bRun.stats)}; ${bRun.phases}`,
    });
    figures.push({
      name: 'sync: weekly sync over the slow line vs its physical limit',
      value: round((aSecs + bSecs) / (aLimit + bLimit), 2),
      unit: '×',
      target: '≤ 1.5×',
      note: `${round(aSecs + bSecs, 2)} s against bytes ÷ bandwidth + round trips × RTT = ${round(aLimit + bLimit, 2)} s (same run; ${round((aSecs + bSecs) / sack.withLoss, 2)}× against ${round(sack.withLoss, 2)} s with each lost segment charged its bytes and a round trip); pusher ${round(aSecs / aLimit, 2)}×, other PC ${round(bSecs / bLimit, 2)}×`,
    });
    const stallSecs = stall.aRun.secs + stall.bRun.secs;
    const stallLimit = stall.aRun.limit + stall.bRun.limit;
    figures.push({
      name: 'sync: the same over a line that stalls a round trip after each loss',
      value: round(stallSecs / stallLimit, 2),
      unit: '×',
      target: '≤ 1.5×',
      note: `${round(stallSecs, 2)} s against ${round(stallLimit, 2)} s (${round(stallSecs / stall.withLoss, 2)}× against ${round(stall.withLoss, 2)} s with the losses charged); ${stall.aRun.stats.lost + stall.bRun.stats.lost} segments lost`,
    });
    figures.push({
      name: "sync: the same weekly sync over the open line (the two ends' own work)",
      value: round(aOpen + bOpen, 2),
      unit: 's',
      note: `pusher ${round(aOpen, 2)} s, other PC ${round(bOpen, 2)} s (station CPU ${round(aOpenRun.stationCpu + bOpenRun.stationCpu, 2)} s): server apply and station pull on this machine, no line; the slow line adds ${round(aSecs + bSecs - aOpen - bOpen, 2)} s to it against a limit of ${round(aLimit + bLimit, 2)} s`,
    });
    const bytes = (s: typeof aRun.stats) => s.bytesUp + s.bytesDown;
    return {
      residents,
      secs: aSecs + bSecs,
      limit: aLimit + bLimit,
      bytes: bytes(aRun.stats) + bytes(bRun.stats),
      requests: aRun.stats.requests + bRun.stats.requests,
      openSecs: aOpen + bOpen,
    };
  } finally {
    await a.close();
    await b.close();
    await emu.close();
    await open.close();
    await stalling.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
