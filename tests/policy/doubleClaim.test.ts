// Policy support across PCs, real district server over HTTP (SQLite and PostgreSQL) and real station files:
// the same policy for the same person over overlapping periods, applied for on two offline PCs, is decided
// by the district — the first to arrive keeps the claim, the other is set aside with the reason, shown at
// its station; decisions made with `npm run server -- subsidy-decide` come back by sync; a new policy
// version loaded at the district changes eligibility from its effective date only.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_REFERENCE } from '../../server/reference';
import { DEFAULT_POLICIES } from '../../shared/domain/policy/defaultPolicies';
import {
  COMMUNITY_A,
  enrolledStation,
  startDistrict,
  type District,
  type SyncedStation,
} from '../sync/harness';
import { NOON_2026_09_15, SOCIAL_INSURANCE_DOCS, flexibleCardHolder } from './helpers';
import { cliScript } from '../factories/cli';

// server/cli.ts bundled once for this file (tests/factories/cli.ts): a start in ~0.3 s, not ~4 s by npx tsx
const SERVER_CLI = await cliScript('server');

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

const now = () => NOON_2026_09_15;

describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('%s: subsidy applications between two PCs and the district', (_store, pg) => {
  let d: District;
  let a: SyncedStation;
  let b: SyncedStation;
  beforeEach(async () => {
    d = await startDistrict({ pg, now });
    a = await enrolledStation(d, COMMUNITY_A, { now });
    b = await enrolledStation(d, COMMUNITY_A, { now });
  });
  afterEach(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await d?.close();
  });

  it('keeps the first claim, sets the overlapping one aside with the reason, and syncs decisions back', async () => {
    const { resident } = await flexibleCardHolder(a, 31);
    await a.sync();
    await b.sync();
    // both PCs, offline from each other, apply for the same policy over overlapping periods
    const first = await a.call('subsidies.apply', {
      policyCode: 'social_insurance',
      residentId: resident.id,
      period: { from: '2026-09-01', to: '2027-02-28' },
      amount: 3600,
      documents: SOCIAL_INSURANCE_DOCS,
    });
    const second = await b.call('subsidies.apply', {
      policyCode: 'social_insurance',
      residentId: resident.id,
      period: { from: '2026-08-01', to: '2026-10-31' },
      amount: 1800,
      documents: SOCIAL_INSURANCE_DOCS,
    });
    expect(await a.sync()).toMatchObject({ rejected: 0, conflicts: 0 });
    expect(await b.sync()).toMatchObject({ rejected: 0, conflicts: 1 });
    await a.sync();

    const aside = await b.call('subsidies.get', { id: second.id });
    expect(aside.status).toBe('set_aside');
    expect(aside.decisionReason).toContain('2026-09-01 至 2027-02-28 已有申请（先到区里的为准）');
    expect(aside.decisionReason).toContain('不予受理');
    // the same verdict on both PCs; the first application stands
    expect((await a.call('subsidies.get', { id: second.id })).status).toBe('set_aside');
    expect((await b.call('subsidies.get', { id: first.id })).status).toBe('submitted');
    const conflicts = await b.call('sync.conflicts', {});
    expect(conflicts.items.some((c) => c.rowId === second.id)).toBe(true);

    // the district decides with its command; the stations see it after their next sync
    const bad = await runCli(d, ['subsidy-decide', first.id, '--refuse']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('不批准须写明理由');
    const approve = await runCli(d, [
      'subsidy-decide',
      first.id,
      '--approve',
      '--date',
      '2026-09-15',
      '--operator',
      '区就业科',
    ]);
    expect(approve.stderr).toBe('');
    expect(approve.stdout).toContain('已批准');
    const again = await runCli(d, ['subsidy-decide', second.id, '--approve']);
    expect(again.stderr).toContain('这份申请现在是「不予受理」，不能批准');
    await a.sync();
    expect(await a.call('subsidies.get', { id: first.id })).toMatchObject({
      status: 'approved',
      decidedBy: '区就业科',
      decidedOn: '2026-09-15',
    });
    const pay = await runCli(d, ['subsidy-decide', first.id, '--pay', '--date', '2026-09-15']);
    expect(pay.stdout).toContain('已发放');
    await b.sync();
    expect(await b.call('subsidies.get', { id: first.id })).toMatchObject({
      status: 'paid',
      paidOn: '2026-09-15',
    });

    // person-times and amounts per policy at the district and at the station agree
    const district = await d.server.subsidyTotals('2026-01-01', '2026-12-31');
    expect(district).toEqual([
      {
        policyCode: 'social_insurance',
        personTimes: 1,
        amount: 3600,
        approved: 1,
        paid: 1,
        paidAmount: 3600,
      },
    ]);
    const station = await b.call('subsidies.totals', { from: '2026-01-01', to: '2026-12-31' });
    expect(station.items).toEqual([{ ...district[0], policyName: '社会保险补贴' }]);
  });

  it('reads a new policy version loaded at the district from its effective date only', async () => {
    const { resident } = await flexibleCardHolder(a, 32);
    const v2 = {
      ...DEFAULT_POLICIES.find((p) => p.code === 'social_insurance')!,
      version: 2,
      effectiveFrom: '2026-10-01',
      params: {
        requiresCard: true,
        outcomes: ['self_employed', 'flexible'] as const,
        minAgeFemale: 45,
        minAgeMale: 50,
      },
    };
    await d.server.loadReference({
      ...DEFAULT_REFERENCE,
      policies: [...DEFAULT_POLICIES, { ...v2, params: { ...v2.params, outcomes: [...v2.params.outcomes] } }],
    });
    await a.sync();
    const on = async (asOf: string) =>
      (await a.call('subsidies.eligibility', { residentId: resident.id, asOf })).items.find(
        (x) => x.code === 'social_insurance',
      )!;
    expect(await on('2026-09-30')).toMatchObject({ version: 1, eligible: true });
    const after = await on('2026-10-01');
    expect(after).toMatchObject({ version: 2, eligible: false });
    expect(after.reasons[0]).toContain('女性满 45 周岁');
    // a changed version is history: loading it again with other content is refused
    await expect(
      d.server.loadReference({
        ...DEFAULT_REFERENCE,
        policies: DEFAULT_POLICIES.map((p) => (p.code === 'startup' ? { ...p, standard: 9000 } : p)),
      }),
    ).rejects.toThrow(/政策「开业补贴」第 1 版已导入过且内容不同/);
  });
});
