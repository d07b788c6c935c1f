// The district decides subsidy applications (until the district console exists: `npm run server --
// subsidy-decide …`): submitted → approved or refused (with the reason), approved → paid (with the date).
// The decision is written to the application's row like any district change — the status group, a log entry
// for its community — so the station that prepared it sees the decision after its next sync.
import { isRealDate, todayInChina } from '../../shared/domain/dates';
import { STATUS_NAMES, type ApplicationStatus } from '../../shared/domain/policy/policies';
import { ENTITIES } from '../../shared/sync/entities';
import type { ServerContext } from '../context';
import { SyncError } from '../errors';
import { appendLog } from '../sync/log';
import { loadRows, rowKey, saveRows, type RowState } from '../sync/rows';
import { DISTRICT, markChanged, markSentWhole, settle } from '../sync/versions';
import { ClaimBook } from './claims';

export type SubsidyDecision = 'approve' | 'refuse' | 'pay';

export interface DecisionResult {
  id: string;
  status: ApplicationStatus;
  community: string;
}

const NEXT: Record<SubsidyDecision, { from: ApplicationStatus; to: ApplicationStatus; word: string }> = {
  approve: { from: 'submitted', to: 'approved', word: '批准' },
  refuse: { from: 'submitted', to: 'refused', word: '不批准' },
  pay: { from: 'approved', to: 'paid', word: '发放' },
};

export async function decideSubsidy(
  ctx: ServerContext,
  applicationId: string,
  decision: SubsidyDecision,
  opts: { reason?: string; date?: string; operator?: string } = {},
): Promise<DecisionResult> {
  const step = NEXT[decision];
  if (!step) throw new SyncError('invalid_input', '决定只能是 --approve、--refuse 或 --pay');
  const reason = opts.reason?.trim();
  if (decision === 'refuse' && (!reason || reason.length < 2))
    throw new SyncError('invalid_input', '不批准须写明理由：--reason <理由>');
  if (reason && reason.length > 300) throw new SyncError('invalid_input', '理由最多 300 个字');
  const now = ctx.now();
  const today = todayInChina(now);
  const date = opts.date ?? today;
  if (!isRealDate(date)) throw new SyncError('invalid_input', `日期应为真实日期（YYYY-MM-DD）：${date}`);
  if (date > today) throw new SyncError('invalid_input', `日期 ${date} 在今天之后，不能预先${step.word}`);
  const operator = (opts.operator ?? '区里').slice(0, 60);
  const stamp = now.toISOString();
  return ctx.store.transaction(async (trx) => {
    const rows = new Map<string, RowState>();
    await loadRows(trx, ctx.store.kind, [['subsidy_applications', applicationId]], rows);
    const row = rows.get(rowKey('subsidy_applications', applicationId));
    if (!row || row.deleted) throw new SyncError('not_found', `区里没有编号为 ${applicationId} 的补贴申请`);
    const status = row.fields.status as ApplicationStatus;
    if (status !== step.from)
      throw new SyncError(
        'invalid_input',
        `这份申请现在是「${STATUS_NAMES[status] ?? status}」，不能${step.word}（只有「${STATUS_NAMES[step.from]}」的申请可以）`,
      );
    if (decision === 'pay' && row.fields.decided_on && date < String(row.fields.decided_on))
      throw new SyncError('invalid_input', `发放日期 ${date} 早于批准日期 ${String(row.fields.decided_on)}`);
    const set: Record<string, unknown> =
      decision === 'pay'
        ? { status: step.to, paid_on: date }
        : { status: step.to, decision_reason: reason ?? null, decided_on: date, decided_by: operator };
    const origin = `district:${operator}`;
    for (const [f, v] of Object.entries(set)) {
      if (!ENTITIES.subsidy_applications.fields.includes(f)) continue;
      row.fields[f] = v;
      markChanged(row.versions, 'subsidy_applications', f, DISTRICT, false);
    }
    // the whole row goes down again, as every district decision does (merges.ts)
    markSentWhole(row.versions, DISTRICT);
    const [sseq] = await appendLog(
      trx,
      ctx.store.kind,
      [
        {
          community: row.community,
          entity: 'subsidy_applications',
          rowId: row.rowId,
          kind: 'upsert',
          fields: row.fields,
          origin,
        },
      ],
      stamp,
    );
    row.updatedSeq = sseq!;
    settle(row.versions, sseq!);
    await saveRows(trx, ctx.store.kind, [row], stamp);
    const claims = new ClaimBook(stamp);
    if (typeof row.fields.resident_id === 'string')
      await claims.load(trx, ctx.store.kind, [row.fields.resident_id]);
    claims.record(row);
    await claims.flush(trx, ctx.store.kind);
    return { id: row.rowId, status: step.to, community: row.community };
  });
}
