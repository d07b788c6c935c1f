// Reference data synced down from the district (real server over HTTP, real SQLite files): a station
// fetches it once per version, applies a renamed community and a new category version, keeps a community
// the district dropped, and reads the old thresholds for dates before the new version's effective date.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_REFERENCE, type ReferenceFile } from '../../server/reference';
import { DEFAULT_CATEGORIES } from '../../shared/domain/assistance/defaultCategories';
import { ENDPOINTS, referenceResponse } from '../../shared/sync/protocol';
import type { SyncService } from '../../station/sync/service';
import { heldReferenceVersion } from '../../station/reference';
import { post } from '../../station/sync/transport';
import { makeResident, rng } from '../cards/helpers';
import { COMMUNITY_A, enrolledStation, startDistrict } from './harness';
import type { District, SyncedStation } from './harness';

const DROPPED = '330104005053'; // 景华社区: left out of the district's new list
const NEW_FROM = '2026-07-01';

/** The district's 2026 list: COMMUNITY_A renamed, DROPPED gone, "4050" lowered to 35 for women from July. */
function list2026(): ReferenceFile {
  const older = DEFAULT_CATEGORIES.find((c) => c.code === 'older_unemployed')!;
  return {
    version: 'jianggan-2026',
    streets: DEFAULT_REFERENCE.streets,
    communities: DEFAULT_REFERENCE.communities
      .filter((c) => c.code !== DROPPED)
      .map((c) => (c.code === COMMUNITY_A ? { ...c, name: '景昙新社区' } : c)),
    categories: [
      { ...older, version: 2, effectiveFrom: NEW_FROM, params: { ...older.params, minAgeFemale: 35 } },
    ],
  };
}

let d: District;
let s: SyncedStation;
const fetches = () => (s.station.services.sync as SyncService).referenceFetches;

describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('%s: reference data from the district', (_store, pg) => {
  beforeEach(async () => {
    d = await startDistrict({ pg });
    s = await enrolledStation(d, COMMUNITY_A);
  });
  afterEach(async () => {
    await s?.close();
    await d?.close();
  });

  it('fetches once per version and applies renames and new category versions by effective date', async () => {
    await s.sync();
    expect(fetches()).toBe(1);
    const first = await heldReferenceVersion(s.station.db);
    expect(first).toMatch(/^[0-9a-f]{24}$/);
    await s.sync();
    expect(fetches()).toBe(1);

    // a woman of 38, unemployed: below "40" before July, above "35" from July
    const woman = await makeResident(s, rng(7), { sex: 'F', birthDate: '1988-03-01', since: '2026-02-01' });
    const n = await d.server.loadReference(list2026());
    expect(n.version).not.toBe(first);

    await s.sync();
    expect(fetches()).toBe(2);
    expect(await heldReferenceVersion(s.station.db)).toBe(n.version);
    await s.sync();
    expect(fetches()).toBe(2);

    const communities = (await s.call('reference.communities', {})).items;
    expect(communities.find((c) => c.code === COMMUNITY_A)?.name).toBe('景昙新社区');
    // dropped by the district, but kept here: local rows may still point at it
    expect(communities.find((c) => c.code === DROPPED)?.name).toBe('景华社区');

    const before = await s.call('reference.assistanceCategories', { asOf: '2026-06-30' });
    const after = await s.call('reference.assistanceCategories', { asOf: NEW_FROM });
    const olderOf = (r: typeof before) => r.items.find((c) => c.code === 'older_unemployed')!;
    expect(olderOf(before)).toMatchObject({ version: 1, params: { minAgeFemale: 40 } });
    expect(olderOf(after)).toMatchObject({
      version: 2,
      effectiveFrom: NEW_FROM,
      params: { minAgeFemale: 35 },
    });
    expect(after.items).toHaveLength(10);

    const codes = async (asOf: string) =>
      (await s.call('cards.suggest', { residentId: woman.id, asOf })).suggestions.map((x) => x.code);
    expect(await codes('2026-06-30')).not.toContain('older_unemployed');
    expect(await codes(NEW_FROM)).toContain('older_unemployed');
    expect(await codes('2026-12-31')).toContain('older_unemployed');
  });

  it('loading the same data again keeps the version, so stations do not refetch', async () => {
    await s.sync();
    const held = await heldReferenceVersion(s.station.db);
    const again = await d.server.loadReference(DEFAULT_REFERENCE);
    expect(again.version).toBe(held);
    await s.sync();
    expect(fetches()).toBe(1);
  });

  it('serves /v1/reference only to an enrolled station', async () => {
    await expect(post({ baseUrl: d.url }, ENDPOINTS.reference, {}, referenceResponse)).rejects.toMatchObject({
      kind: 'unauthorized',
    });
  });
});
