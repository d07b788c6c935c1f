// Loading reference data at the district: a validated preview says what would change before anything is
// written, and a version that removes a community still holding residents is refused with the count,
// nothing written (the version stays). SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REFERENCE, previewReference, referenceVersion } from '../../server/reference';
import {
  BACKENDS,
  COMMUNITY_A,
  TestStation,
  people,
  residentCreate,
  startServer,
  uuid,
  type TestServer,
} from './harness';

describe.each(BACKENDS)('reference data versions on %s', (backend) => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startServer(backend);
    const a = await TestStation.enroll(ts, COMMUNITY_A);
    const next = people(backend === 'sqlite' ? 71 : 72);
    await a.push(
      [1, 2, 3].map(() => a.entry('residents', uuid(), 'create', residentCreate(COMMUNITY_A, next()))),
    );
  });
  afterAll(() => ts.close());

  const without = (code: string) => ({
    ...DEFAULT_REFERENCE,
    version: 'test-2',
    communities: DEFAULT_REFERENCE.communities.filter((c) => c.code !== code),
  });

  it('previews a version without writing: removed communities and the residents they would orphan', async () => {
    const before = await referenceVersion(ts.server.ctx);
    const p = await previewReference(ts.server.ctx, without(COMMUNITY_A));
    expect(p.communities.removed).toEqual([COMMUNITY_A]);
    expect(p.communities.added).toEqual([]);
    expect(p.orphans).toEqual([{ code: COMMUNITY_A, name: '景昙社区', residents: 3 }]);
    expect(await referenceVersion(ts.server.ctx)).toBe(before);
  });

  it('refuses a version that would orphan residents, with the count, and writes nothing', async () => {
    const before = await referenceVersion(ts.server.ctx);
    await expect(ts.server.loadReference(without(COMMUNITY_A))).rejects.toThrow(
      `参考数据删去了仍有在册居民的社区：${COMMUNITY_A}（景昙社区） 3 人。请先把这些居民迁往其他社区，再导入此版本`,
    );
    expect(await referenceVersion(ts.server.ctx)).toBe(before);
    const still = await ts.server.db
      .selectFrom('reference')
      .select('code')
      .where('kind', '=', 'communities')
      .where('code', '=', COMMUNITY_A)
      .execute();
    expect(still).toHaveLength(1);
  });

  it('loads a version that removes only an empty community', async () => {
    const empty = DEFAULT_REFERENCE.communities.find((c) => c.code !== COMMUNITY_A)!.code;
    const r = await ts.server.loadReference(without(empty));
    expect(r.communities).toBe(DEFAULT_REFERENCE.communities.length - 1);
  });
});
