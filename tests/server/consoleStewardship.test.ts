// The console web app's methods on a real server (SQLite and PostgreSQL) over real HTTP: the fleet as the
// stations report it (pending count, last pull), enrolment codes issued and cancelled, a merge task side by
// side with ID numbers masked, conflict records reviewed, transfers, reference files previewed and loaded,
// and a USB bundle refused when it is not one. Every refusal a clear 4xx in Chinese with nothing written,
// and the attempt in the audit log; every decision logged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../server/console/accounts';
import { DEFAULT_REFERENCE } from '../../server/reference';
import { ENDPOINTS } from '../../shared/sync/protocol';
import {
  BACKENDS,
  COMMUNITY_A,
  COMMUNITY_B,
  TestStation,
  people,
  post,
  residentCreate,
  startServer,
  uuid,
  type TestServer,
} from './harness';

const STREET_A = COMMUNITY_A.slice(0, 9);

describe.each(BACKENDS)('console stewardship and fleet methods on %s', (backend) => {
  let ts: TestServer;
  const tokens: Record<string, string> = {};
  const person = people(backend === 'sqlite' ? 1321 : 1322);
  let a: TestStation;
  let b: TestStation;
  let residentA = '';
  let phoneA: string | null = null;
  let taskId = '';
  const api = (method: string, body: unknown, token?: string) =>
    post(ts.url, `/console/api/${method}`, body, token ? { credential: token } : {});
  const audited = (action: string) =>
    ts.server.db
      .selectFrom('console_audit')
      .select(['username', 'outcome', 'detail', 'target'])
      .where('action', '=', action)
      .orderBy('at')
      .execute();
  const count = async (table: 'stations' | 'reference' | 'transfers' | 'conflicts') =>
    Number(
      (
        await ts.server.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    ts = await startServer(backend);
    for (const [username, role, street] of [
      ['qu', 'district', undefined],
      ['kx', 'street', STREET_A],
      ['ck', 'viewer', undefined],
    ] as const) {
      const u = await addUser(ts.server.ctx, { username, role, street });
      const r = await api('login', { username, password: u.password });
      tokens[username] = r.body.token;
      await api('password.change', { current: u.password, next: `${username}-1234567890` }, r.body.token);
    }
    a = await TestStation.enroll(ts, COMMUNITY_A);
    b = await TestStation.enroll(ts, COMMUNITY_B);
    const twice = person();
    phoneA = twice.phone ?? null;
    residentA = uuid();
    await a.push([a.entry('residents', residentA, 'create', residentCreate(COMMUNITY_A, twice))]);
    await b.push([
      b.entry('residents', uuid(), 'create', residentCreate(COMMUNITY_B, twice, { address: '芙蓉路 8 号' })),
    ]);
    taskId = (await ts.server.listMergeTasks('open'))[0]!.id;
  }, 60_000);
  afterAll(() => ts.close());

  it('keeps what a station reports at push and pull: pending count, last pull', async () => {
    const e = a.entry('residents', uuid(), 'create', residentCreate(COMMUNITY_A, person()));
    const pushed = await post(
      ts.url,
      ENDPOINTS.push,
      { stationId: a.stationId, clock: new Date().toISOString(), entries: [e], pending: 7 },
      { credential: a.credential },
    );
    expect(pushed.status).toBe(200);
    let list = await api('stations.list', {}, tokens.qu);
    let mine = list.body.items.find((s: { id: string }) => s.id === a.stationId);
    // 7 waiting when the batch of 1 left: 6 still to come
    expect(mine).toMatchObject({ pending: 6, lastPullAt: null });
    const pulled = await post(ts.url, ENDPOINTS.pull, { after: 0, pending: 0 }, { credential: a.credential });
    expect(pulled.status).toBe(200);
    list = await api('stations.list', {}, tokens.qu);
    mine = list.body.items.find((s: { id: string }) => s.id === a.stationId);
    expect(mine.pending).toBe(0);
    expect(mine.lastPullAt).not.toBeNull();
    // an older station says nothing: the last figure stands
    await post(ts.url, ENDPOINTS.pull, { after: 0 }, { credential: a.credential });
    list = await api('stations.list', {}, tokens.qu);
    expect(list.body.items.find((s: { id: string }) => s.id === a.stationId).pending).toBe(0);
    // a negative count is refused by the protocol
    const bad = await post(ts.url, ENDPOINTS.pull, { after: 0, pending: -1 }, { credential: a.credential });
    expect(bad.status).toBe(400);
  });

  it('issues and cancels enrolment codes for district accounts only', async () => {
    const before = await count('stations');
    const street = await api('stations.enrol', { communityCode: COMMUNITY_A }, tokens.kx);
    expect(street.status).toBe(403);
    expect(street.body.error.message).toContain('只有区里的账号');
    const viewer = await api('stations.enrol', { communityCode: COMMUNITY_A }, tokens.ck);
    expect(viewer.status).toBe(403);
    expect(await count('stations')).toBe(before);
    const badCode = await api('stations.enrol', { communityCode: '12345' }, tokens.qu);
    expect(badCode.status).toBe(400);
    expect(badCode.body.error.message).toContain('社区代码应为 12 位数字');

    const issued = await api('stations.enrol', { communityCode: COMMUNITY_B, name: '二号机' }, tokens.qu);
    expect(issued.status).toBe(200);
    expect(issued.body.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const listed = (await api('stations.list', {}, tokens.qu)).body.items.find(
      (s: { id: string }) => s.id === issued.body.stationId,
    );
    expect(listed).toMatchObject({ enrolledAt: null, name: '二号机' });
    expect(listed.codeExpiresAt).toBe(issued.body.expiresAt);
    // cancelled on the page: the code no longer enrols
    expect((await api('stations.revoke', { stationId: issued.body.stationId }, tokens.kx)).status).toBe(403);
    expect((await api('stations.revoke', { stationId: issued.body.stationId }, tokens.qu)).status).toBe(200);
    const enrol = await post(ts.url, ENDPOINTS.enroll, { code: issued.body.code });
    expect(enrol.status).toBe(403);
    expect((await audited('stations.enrol')).map((x) => [x.username, x.outcome])).toEqual([
      ['kx', 'refused'],
      ['ck', 'refused'],
      ['qu', 'ok'],
    ]);
    expect((await audited('stations.revoke')).map((x) => x.outcome)).toEqual(['refused', 'ok']);
  });

  it('shows a merge task side by side with ID numbers masked; a street sees only tasks of its street', async () => {
    const d = await api('merges.detail', { taskId }, tokens.kx);
    expect(d.status).toBe(200);
    expect(d.body.sides.map((s: { community: string }) => s.community)).toEqual([COMMUNITY_A, COMMUNITY_B]);
    const id = d.body.fields.find((f: { field: string }) => f.field === 'id_number');
    expect(id.values[0]).toContain('*');
    expect(id.differs).toBe(false);
    // B is another street's community: kx sees its registration only as far as identity
    const addr = d.body.fields.find((f: { field: string }) => f.field === 'address');
    expect(addr).toMatchObject({ values: ['', ''], differs: false });
    const all = await api('merges.detail', { taskId }, tokens.qu);
    const addrAll = all.body.fields.find((f: { field: string }) => f.field === 'address');
    expect(addrAll).toMatchObject({ values: ['', '芙蓉路 8 号'], differs: true });
    expect(JSON.stringify(d.body)).not.toMatch(/\d{17}[\dX]/);
    const other = await addUser(ts.server.ctx, { username: 'cq', role: 'street', street: '330104007' });
    const login = await api('login', { username: 'cq', password: other.password });
    await api('password.change', { current: other.password, next: 'cq-1234567890' }, login.body.token);
    const refused = await api('merges.detail', { taskId }, login.body.token);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('out_of_scope');
    expect((await audited('merges.detail')).map((x) => [x.username, x.outcome])).toEqual([['cq', 'refused']]);
  });

  it('lists conflict records and lets a non-viewer mark one reviewed', async () => {
    // two PCs of A change the same phone from the same base: the second loses and is recorded
    const a2 = await TestStation.enroll(ts, COMMUNITY_A);
    await a.push([a.entry('residents', residentA, 'update', { phone: [phoneA, '13900000001'] })]);
    await a2.push([a2.entry('residents', residentA, 'update', { phone: [phoneA, '13900000002'] })]);
    const list = await api('conflicts.list', {}, tokens.kx);
    expect(list.status).toBe(200);
    expect(list.body.total).toBeGreaterThanOrEqual(1);
    const c = list.body.items.find((x: { field: string }) => x.field === 'phone');
    expect(c).toMatchObject({ community: COMMUNITY_A, kept: '13900000001', losing: '13900000002' });
    const viewer = await api('conflicts.review', { id: c.id }, tokens.ck);
    expect(viewer.status).toBe(403);
    expect((await api('conflicts.review', { id: c.id }, tokens.kx)).status).toBe(200);
    const again = await api('conflicts.review', { id: c.id }, tokens.kx);
    expect(again.status).toBe(409);
    const reviewed = await api('conflicts.list', { status: 'reviewed' }, tokens.qu);
    expect(reviewed.body.items.map((x: { id: string }) => x.id)).toContain(c.id);
    expect((await audited('conflicts.review')).map((x) => [x.username, x.outcome])).toEqual([
      ['ck', 'refused'],
      ['kx', 'ok'],
    ]);
  });

  it('transfers only for district accounts; refused ones write nothing', async () => {
    const lone = uuid();
    await b.push([b.entry('residents', lone, 'create', residentCreate(COMMUNITY_B, person()))]);
    const before = await count('transfers');
    const street = await api('transfers.create', { residentId: lone, toCommunity: COMMUNITY_A }, tokens.kx);
    expect(street.status).toBe(403);
    expect(await count('transfers')).toBe(before);
    const ok = await api('transfers.create', { residentId: lone, toCommunity: COMMUNITY_A }, tokens.qu);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ from: COMMUNITY_B, to: COMMUNITY_A });
    const listed = await api('transfers.list', {}, tokens.kx);
    expect(listed.body.items.map((t: { residentId: string }) => t.residentId)).toContain(lone);
  });

  it('previews a reference file without writing, refuses a malformed or orphaning one, loads a good one', async () => {
    const before = await count('reference');
    const malformed = await api('reference.preview', { text: '{ not json' }, tokens.qu);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toContain('不是有效的 JSON');
    const wrong = await api('reference.preview', { text: JSON.stringify({ version: 'x' }) }, tokens.qu);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain('参考数据文件格式不对');
    const orphaning = JSON.stringify({
      ...DEFAULT_REFERENCE,
      version: 'v-orphans',
      communities: DEFAULT_REFERENCE.communities.filter((c) => c.code !== COMMUNITY_A),
    });
    const preview = await api('reference.preview', { text: orphaning }, tokens.qu);
    expect(preview.status).toBe(200);
    expect(preview.body.orphans[0]).toMatchObject({ code: COMMUNITY_A });
    const load = await api('reference.load', { text: orphaning }, tokens.qu);
    expect(load.status).toBe(409);
    expect(load.body.error.message).toMatch(/共 \d+ 人/);
    expect((await api('reference.load', { text: orphaning }, tokens.kx)).status).toBe(403);
    const oversize = await api('reference.preview', { text: 'x'.repeat(4_000_001) }, tokens.qu);
    expect(oversize.status).toBe(400);
    expect(await count('reference')).toBe(before);
    const good = await api(
      'reference.load',
      { text: JSON.stringify({ ...DEFAULT_REFERENCE, version: 'v-console' }) },
      tokens.qu,
    );
    expect(good.status).toBe(200);
    expect((await audited('reference.load')).map((x) => [x.username, x.outcome])).toEqual([
      ['qu', 'refused'],
      ['kx', 'refused'],
      ['qu', 'ok'],
    ]);
    // the malformed, the wrongly shaped and the oversize file: each attempt logged as refused
    expect((await audited('reference.preview')).map((x) => [x.username, x.outcome, x.detail])).toEqual([
      ['qu', 'refused', 'invalid_input'],
      ['qu', 'refused', 'invalid_input'],
      ['qu', 'refused', 'invalid_input'],
    ]);
  });

  it('refuses a file that is not a bundle, and bundle import for anyone but the district', async () => {
    const bad = await api('bundles.import', { text: 'hello' }, tokens.qu);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/数据包/);
    expect((await api('bundles.import', { text: 'hello' }, tokens.kx)).status).toBe(403);
    expect((await audited('bundles.import')).map((x) => [x.username, x.outcome])).toEqual([
      ['qu', 'refused'],
      ['kx', 'refused'],
    ]);
  });

  it('reports the programmes of a period: fairs and subsidy totals, a street held to its street', async () => {
    const period = { kind: 'year', value: '2025' };
    const r = await api('reports.programmes', { period }, tokens.qu);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      fairs: [],
      subsidies: [],
      training: { completed: 0, employed: 0, rate: null, providers: [] },
    });
    const other = await api('reports.programmes', { period, street: '330104006' }, tokens.kx);
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('out_of_scope');
    const bad = await api('reports.programmes', { period: { kind: 'month', value: '2025-13' } }, tokens.qu);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('月份格式');
  });

  it('shows the audit log to district accounts only, refusals among it', async () => {
    const street = await api('audit.list', {}, tokens.kx);
    expect(street.status).toBe(403);
    const all = await api('audit.list', { outcome: 'refused' }, tokens.qu);
    expect(all.status).toBe(200);
    expect(all.body.total).toBeGreaterThan(0);
    expect(all.body.items.every((a: { outcome: string }) => a.outcome === 'refused')).toBe(true);
    // the test server's clock stands still: every entry has the same time, so look for it rather than at the top
    expect(all.body.items).toContainEqual(
      expect.objectContaining({ username: 'kx', action: 'audit.list', outcome: 'refused' }),
    );
  });

  it('a session still on its one-time password is held to changing it', async () => {
    const u = await addUser(ts.server.ctx, { username: 'newbie', role: 'viewer' });
    const r = await api('login', { username: 'newbie', password: u.password });
    expect(r.body.mustChange).toBe(true);
    const early = await api('reports.district', { period: { kind: 'year', value: '2025' } }, r.body.token);
    expect(early.status).toBe(403);
    expect(early.body.error.message).toContain('首次登录请先修改一次性密码');
    const same = await api('password.change', { current: u.password, next: u.password }, r.body.token);
    expect(same.status).toBe(400);
    const short = await api('password.change', { current: u.password, next: 'short' }, r.body.token);
    expect(short.status).toBe(400);
    expect(short.body.error.message).toContain('至少 10 个字符');
    const wrong = await api('password.change', { current: 'nope', next: 'a-good-password' }, r.body.token);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain('当前密码不正确');
    expect(
      (await api('password.change', { current: u.password, next: 'a-good-password' }, r.body.token)).status,
    ).toBe(200);
    expect((await api('me', {}, r.body.token)).body.mustChange).toBe(false);
  });
});
