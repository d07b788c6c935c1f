// A random interleaving of the situations — offline edits on several stations, the same person
// registered twice, deletes, moves between communities, lost responses and cut uploads — across many
// seeds. Whatever happened, once the line is up and everyone has synced twice, every station equals the server.
import { describe, it } from 'vitest';
import { mulberry32, pick, randomInt } from '../factories/people';
import {
  COMMUNITY_A,
  COMMUNITY_B,
  enrolledStation,
  peopleFrom,
  startDistrict,
  type SyncedStation,
} from './harness';
import { startFaultProxy, type FaultProxy } from './faultProxy';
import { expectEqualToServer } from './scenarios';

const SEEDS = Number(process.env.SYNC_SEEDS ?? 20);
const OPS = 40;

async function liveIds(s: SyncedStation): Promise<string[]> {
  const rows = await s.station.db
    .selectFrom('residents')
    .select('id')
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

async function runSeed(seed: number): Promise<void> {
  const rng = mulberry32(seed);
  const d = await startDistrict();
  const proxies: FaultProxy[] = [];
  const stations: SyncedStation[] = [];
  try {
    for (const community of [COMMUNITY_A, COMMUNITY_A, COMMUNITY_B]) {
      const proxy = await startFaultProxy(d.url);
      proxies.push(proxy);
      stations.push(await enrolledStation(d, community, { via: proxy.url }));
    }
    const person = peopleFrom(seed * 7919);
    const registered: Array<{ name: string; idNumber: string }> = [];
    for (let i = 0; i < OPS; i++) {
      const k = randomInt(rng, 0, stations.length - 1);
      const s = stations[k]!;
      const op = rng();
      try {
        if (op < 0.25) {
          // a new person, or (sometimes) one already registered at another station: the same person twice
          const p = registered.length && rng() < 0.2 ? pick(rng, registered) : person();
          registered.push(p);
          await s.call('residents.create', { name: p.name, idNumber: p.idNumber });
        } else if (op < 0.55) {
          const ids = await liveIds(s);
          if (ids.length === 0) continue;
          const field = pick(rng, ['phone', 'address', 'note'] as const);
          const value =
            field === 'phone'
              ? `139${String(randomInt(rng, 0, 99_999_999)).padStart(8, '0')}`
              : `${field}-${seed}-${i}`;
          await s.call('residents.update', { id: pick(rng, ids), [field]: value });
        } else if (op < 0.62) {
          const ids = await liveIds(s);
          if (ids.length) await s.call('residents.remove', { id: pick(rng, ids) });
        } else if (op < 0.67) {
          // the district moves someone it knows to the other community
          const ids = await liveIds(s);
          if (ids.length)
            await d.server
              .transferResident(pick(rng, ids), s === stations[2] ? COMMUNITY_A : COMMUNITY_B)
              .catch(() => undefined);
        } else if (op < 0.75) {
          proxies[k]!.faults.push(
            pick(rng, [
              { kind: 'dropResponse' },
              { kind: 'cutUpload', afterBytes: randomInt(rng, 50, 3000) },
              { kind: 'refuse' },
            ] as const),
          );
        } else {
          await s.sync().catch(() => undefined); // a fault may make this attempt fail: the next one resumes
        }
      } catch {
        // a station refusing a local edit (e.g. the ID number is already registered here) is not a sync matter
      }
    }
    for (const p of proxies) p.faults = [];
    for (let round = 0; round < 2; round++) for (const s of stations) await s.sync();
    for (const s of stations) await expectEqualToServer(s);
  } finally {
    await Promise.all(stations.map((s) => s.close()));
    await Promise.all(proxies.map((p) => p.close()));
    await d.close();
  }
}

describe('random interleavings end with every station equal to the server', () => {
  for (let seed = 1; seed <= SEEDS; seed++) it(`seed ${seed}`, () => runSeed(seed));
});
