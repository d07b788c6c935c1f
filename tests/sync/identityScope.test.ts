// Issue 8, defect 10 and the invariant "Scope is the community, also through identity": a second community
// that registers an ID number another community holds sees only that the person exists, where, and the
// masked number — plus its own registration as it typed it. Its edits wait at the district as proposals
// until the district decides the merge; then both communities converge. Real server over HTTP, real SQLite
// station files, on embedded SQLite and PostgreSQL.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maskIdNumber } from '../../shared/validators/idNumber';
import { COMMUNITY_A, COMMUNITY_B, enrolledStation, peopleFrom, startDistrict } from './harness';
import type { District, SyncedStation } from './harness';
import { expectEqualToServer } from './scenarios';
import { cliScript } from '../factories/cli';

// server/cli.ts bundled once for this file (tests/factories/cli.ts): a start in ~0.3 s, not ~4 s by npx tsx
const SERVER_CLI = await cliScript('server');

const INCOME = {
  householdSize: 3,
  monthlyIncome: 4321,
  subsistence: 'none' as const,
  confirmedAt: '2025-06-01',
};

/** Every value of every synced table of the station, as one text (to prove a value never arrived). */
async function everythingAt(s: SyncedStation): Promise<string> {
  const parts: string[] = [];
  for (const table of ['residents', 'households', 'cards', 'card_plans', 'plan_measures', 'plan_services'])
    parts.push(JSON.stringify((await sql`select * from ${sql.table(table)}`.execute(s.station.db)).rows));
  return parts.join('\n');
}

async function pending(s: SyncedStation): Promise<number> {
  return (await s.call('sync.status', {})).pendingCount;
}

function runCli(d: District, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SERVER_CLI, ...args, ...d.cli.args], {
      env: { ...process.env, ...d.cli.env },
      cwd: join(import.meta.dirname, '../..'),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('%s: one ID number at two communities', (_store, pg) => {
  let d: District;
  /** Community B registered the person first: it holds them. */
  let holder: SyncedStation;
  /** Community A registers the same ID number afterwards. */
  let second: SyncedStation;
  beforeEach(async () => {
    d = await startDistrict({ pg });
    holder = await enrolledStation(d, COMMUNITY_B);
    second = await enrolledStation(d, COMMUNITY_A);
  });
  afterEach(async () => {
    await Promise.all([holder?.close(), second?.close()]);
    await d?.close();
  });

  /** B registers a person in full (household, income, card); A then registers any name with that ID number. */
  async function registeredTwice(seed: number) {
    const p = peopleFrom(seed)();
    const hh = await holder.call('households.create', { address: '景芳路 3 号', subsistence: 'none' });
    const kept = await holder.call('residents.create', {
      name: p.name,
      idNumber: p.idNumber,
      phone: p.phone,
      address: '景芳路 3 号 2 单元',
      householdId: hh.id,
      householdRelation: '户主',
      income: INCOME,
      veteran: true,
    });
    const card = await holder.call('cards.issue', {
      residentId: kept.id,
      categories: ['veteran'],
      reason: '持退役证',
    });
    await holder.call('plans.addMeasure', {
      cardId: card.id,
      kind: 'training',
      owner: '景芳援助员',
      dueDate: '2099-06-30',
    });
    expect(await holder.sync()).toMatchObject({ rejected: 0 });
    const mine = await second.call('residents.create', { name: '随便填', idNumber: p.idNumber });
    return { p, hh, kept, card, mine };
  }

  it('shows the second community only that the person exists, where, and the masked number', async () => {
    const { p, kept, mine } = await registeredTwice(801);
    // "after two syncs"
    expect(await second.sync()).toMatchObject({ rejected: 0 });
    await holder.sync();
    expect(await second.sync()).toMatchObject({ rejected: 0 });

    const seen = await second.call('residents.get', { id: mine.id, reveal: true });
    expect(seen).toMatchObject({
      id: mine.id,
      name: '随便填',
      idNumber: p.idNumber, // what A typed itself
      phone: null,
      address: null,
      householdId: null,
      communityCode: COMMUNITY_A,
    });
    expect(seen.income ?? null).toBeNull();
    expect(seen.hold).toEqual({
      role: 'held',
      taskId: expect.any(String),
      community: COMMUNITY_B,
      communityName: '景芳社区',
      idNumberMasked: maskIdNumber(p.idNumber),
      since: expect.any(String),
    });
    await expect(second.call('residents.get', { id: kept.id, reveal: true })).rejects.toThrow(/找不到该居民/);
    expect((await second.call('residents.findByIdNumber', { idNumber: p.idNumber })).resident?.id).toBe(
      mine.id,
    );
    // the list marks the person too
    const listed = await second.call('residents.list', { offset: 0, limit: 100 });
    expect(listed.items.find((r) => r.id === mine.id)?.hold?.role).toBe('held');

    // nothing of B's record reached A: not its name, phone, address, income, household, card or plan
    const all = await everythingAt(second);
    for (const secret of [p.name, p.phone, '景芳路 3 号', '4321', kept.id, '景芳援助员'])
      expect(all.includes(secret), secret).toBe(false);

    // B learns that A registered the same number too, and nothing of A's data
    const atHolder = await holder.call('residents.get', { id: kept.id });
    expect(atHolder.hold).toMatchObject({ role: 'kept', community: COMMUNITY_A, communityName: '景昙社区' });
    expect((await everythingAt(holder)).includes('随便填')).toBe(false);
    for (const s of [holder, second]) await expectEqualToServer(s);
  });

  it('keeps the second community’s edits at the district as proposals; B’s record is untouched', async () => {
    const { p, kept, mine } = await registeredTwice(802);
    await second.sync();
    await second.call('residents.update', { id: mine.id, phone: '13911112222', note: '上门核实' });
    const r = await second.sync();
    expect(r).toMatchObject({ rejected: 0, conflicts: 0, proposals: 1 });
    expect(await pending(second)).toBe(0); // no wedge, nothing pending for ever
    await holder.sync();
    const atHolder = await holder.call('residents.get', { id: kept.id, reveal: true });
    expect(atHolder).toMatchObject({ name: p.name, phone: p.phone, note: null });
    expect(atHolder.income).toMatchObject({ monthlyIncome: 4321 });

    // the district keeps each of A's entries on the merge task, with who and when
    const task = await d.server.db
      .selectFrom('merge_tasks')
      .selectAll()
      .where('kept_id', '=', kept.id)
      .executeTakeFirstOrThrow();
    expect(task).toMatchObject({ merged_id: mine.id, status: 'open' });
    const proposals = await d.server.db
      .selectFrom('merge_proposals')
      .selectAll()
      .where('task_id', '=', task.id)
      .orderBy('seq')
      .execute();
    expect(proposals.map((x) => [x.op, x.operator, x.status])).toEqual([
      ['create', '王管理', 'open'],
      ['update', '王管理', 'open'],
    ]);
    expect(JSON.parse(proposals[1]!.fields)).toMatchObject({ phone: [null, '13911112222'] });
    expect(proposals[1]!.at).toEqual(expect.any(String));
    // A's station keeps its own registration, edited as A typed it, and the notice stays
    const seen = await second.call('residents.get', { id: mine.id });
    expect(seen).toMatchObject({ phone: '13911112222', note: '上门核实', hold: { role: 'held' } });
    for (const s of [holder, second]) await expectEqualToServer(s);
  });

  it('a second PC of the same community lands on the same held registration', async () => {
    const { p, mine } = await registeredTwice(803);
    const other = await enrolledStation(d, COMMUNITY_A);
    try {
      // the second PC registers the person too, offline, before it hears of the first PC's registration
      const again = await other.call('residents.create', { name: '另一个名字', idNumber: p.idNumber });
      await second.sync();
      expect(await other.sync()).toMatchObject({ rejected: 0 });
      await second.sync();
      for (const s of [second, other]) {
        const found = (await s.call('residents.findByIdNumber', { idNumber: p.idNumber })).resident;
        expect(found?.id).toBe(mine.id);
        expect(found?.hold?.role).toBe('held');
      }
      await expect(other.call('residents.get', { id: again.id })).rejects.toThrow(/找不到该居民/);
      const tasks = await d.server.db.selectFrom('merge_tasks').selectAll().execute();
      expect(tasks).toHaveLength(1);
      for (const s of [holder, second, other]) await expectEqualToServer(s);
    } finally {
      await other.close();
    }
  });

  it('resolve-merge keeping the first community drops the proposals; A’s registration goes', async () => {
    const { p, kept, mine } = await registeredTwice(804);
    await second.sync();
    await second.call('residents.update', { id: mine.id, phone: '13911112222' });
    await second.sync();
    const task = await d.server.db
      .selectFrom('merge_tasks')
      .select('id')
      .where('merged_id', '=', mine.id)
      .executeTakeFirstOrThrow();

    const listed = await runCli(d, ['list-merges', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({
        id: task.id,
        held: true,
        idNumberMasked: maskIdNumber(p.idNumber),
        communities: [COMMUNITY_B, COMMUNITY_A],
        proposals: 2,
      }),
    ]);
    const res = await runCli(d, ['resolve-merge', task.id, '--keep', COMMUNITY_B]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('景芳社区');
    for (const s of [second, holder, second]) await s.sync();

    await expect(second.call('residents.get', { id: mine.id })).rejects.toThrow(/找不到该居民/);
    const atHolder = await holder.call('residents.get', { id: kept.id, reveal: true });
    expect(atHolder).toMatchObject({ name: p.name, phone: p.phone, hold: null });
    const decided = await d.server.db
      .selectFrom('merge_tasks')
      .selectAll()
      .where('id', '=', task.id)
      .executeTakeFirstOrThrow();
    expect(decided).toMatchObject({ status: 'resolved', kept_community: COMMUNITY_B });
    const statuses = await d.server.db
      .selectFrom('merge_proposals')
      .select('status')
      .where('task_id', '=', task.id)
      .execute();
    expect(statuses.map((x) => x.status)).toEqual(['dropped', 'dropped']);
    expect((await everythingAt(second)).includes(p.phone)).toBe(false);
    for (const s of [holder, second]) await expectEqualToServer(s);
    // deciding twice is refused in words
    await expect(d.server.resolveMerge(task.id, COMMUNITY_A)).rejects.toThrow(/已经处理/);
  });

  it('resolve-merge keeping the second community applies its proposals and moves the person', async () => {
    const { kept, mine, hh } = await registeredTwice(805);
    await second.sync();
    await second.call('residents.update', { id: mine.id, phone: '13911112222' });
    await second.sync();
    await holder.sync();
    const task = await d.server.db
      .selectFrom('merge_tasks')
      .select('id')
      .where('merged_id', '=', mine.id)
      .executeTakeFirstOrThrow();
    await expect(d.server.resolveMerge(task.id, '330104007051')).rejects.toThrow(/不是这个合并任务/);

    await d.server.resolveMerge(task.id, COMMUNITY_A, '区就业科');
    for (const s of [second, holder, second]) await s.sync();

    // A's registration is the person now: A's values where A gave one, B's record fills the rest
    const atSecond = await second.call('residents.get', { id: mine.id, reveal: true });
    expect(atSecond).toMatchObject({
      name: '随便填',
      phone: '13911112222',
      address: '景芳路 3 号 2 单元',
      householdId: null, // B's household stays with B
      communityCode: COMMUNITY_A,
      hold: null,
    });
    expect(atSecond.income).toMatchObject({ monthlyIncome: 4321 });
    // gone from B, and B's household no longer counts the person
    await expect(holder.call('residents.get', { id: kept.id })).rejects.toThrow(/找不到该居民/);
    expect((await holder.call('households.get', { id: hh.id })).members).toEqual([]);
    const statuses = await d.server.db
      .selectFrom('merge_proposals')
      .select('status')
      .where('task_id', '=', task.id)
      .execute();
    expect(statuses.map((x) => x.status)).toEqual(['applied', 'applied']);
    // A now edits the person as its own, plainly
    await second.call('residents.update', { id: mine.id, note: '已合并' });
    expect(await second.sync()).toMatchObject({ rejected: 0, proposals: 0 });
    for (const s of [holder, second]) await expectEqualToServer(s);
  });
});
