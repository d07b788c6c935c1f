// The district's rule for subsidy applications (registry: subsidy_applications, first-wins): the same policy
// for the same person over overlapping periods is claimed once across every PC. The application that reaches
// the district first keeps the claim; a later one is set aside (status set_aside) with the reason, and the
// station that sent it gets a conflict record and sees the reason on the application. Only the district
// decides: a station may create an application (submitted), never approve, refuse or pay one.
import { sql, type Transaction } from 'kysely';
import { todayInChina } from '../../shared/domain/dates';
import {
  CLAIMING_STATUSES,
  STATUS_NAMES,
  WITHDRAWABLE_STATUSES,
  periodsOverlap,
  type ApplicationStatus,
} from '../../shared/domain/policy/policies';
import type { StoreKind } from '../db/open';
import type { ServerDB } from '../db/schema';
import { bulkInsert, idList } from '../db/bulk';
import type { FieldConflict } from '../sync/merge';
import type { RowState } from '../sync/rows';

interface Claim {
  rowId: string;
  community: string;
  residentId: string | null;
  employerId: string | null;
  policy: string;
  from: string;
  to: string;
  amountFen: number;
  status: string;
  arrivedAt: string;
  decidedOn: string | null;
  paidOn: string | null;
}

const COLUMNS = [
  'row_id',
  'community_code',
  'resident_id',
  'employer_id',
  'policy_code',
  'period_from',
  'period_to',
  'amount_fen',
  'status',
  'arrived_at',
  'decided_on',
  'paid_on',
] as const;

const personKey = (residentId: string, policy: string) => `${residentId}\u0000${policy}`;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function claimOf(row: RowState, arrivedAt: string): Claim {
  const f = row.fields;
  return {
    rowId: row.rowId,
    community: row.community,
    residentId: str(f.resident_id),
    employerId: str(f.employer_id),
    policy: String(f.policy_code ?? ''),
    from: String(f.period_from ?? ''),
    to: String(f.period_to ?? ''),
    amountFen: Math.round(Number(f.amount ?? 0) * 100),
    status: row.deleted ? 'withdrawn' : String(f.status ?? 'submitted'),
    arrivedAt,
    decidedOn: str(f.decided_on),
    paidOn: str(f.paid_on),
  };
}

export class ClaimBook {
  readonly #byPerson = new Map<string, Claim[]>();
  readonly #touched = new Map<string, Claim>();

  constructor(private readonly now: string) {}

  /** The claims of these people, locked per person on PostgreSQL so two instances check them in turn. */
  async load(trx: Transaction<ServerDB>, kind: StoreKind, residentIds: readonly string[]): Promise<void> {
    const ids = [...new Set(residentIds)].sort();
    if (!ids.length) return;
    if (kind === 'postgres')
      for (const id of ids)
        await sql`select pg_advisory_xact_lock(hashtext(${`subsidy:${id}`}))`.execute(trx);
    const rows = await trx
      .selectFrom('subsidy_claims')
      .selectAll()
      .where('resident_id', 'in', idList(kind, ids))
      .execute();
    for (const r of rows) {
      const c: Claim = {
        rowId: r.row_id,
        community: r.community_code,
        residentId: r.resident_id,
        employerId: r.employer_id,
        policy: r.policy_code,
        from: r.period_from,
        to: r.period_to,
        amountFen: Number(r.amount_fen),
        status: r.status,
        arrivedAt: r.arrived_at,
        decidedOn: r.decided_on,
        paidOn: r.paid_on,
      };
      this.#put(c);
    }
  }

  #put(c: Claim): void {
    for (const list of this.#byPerson.values()) {
      const i = list.findIndex((x) => x.rowId === c.rowId);
      if (i >= 0) list.splice(i, 1);
    }
    if (!c.residentId) return;
    const key = personKey(c.residentId, c.policy);
    const list = this.#byPerson.get(key) ?? [];
    list.push(c);
    this.#byPerson.set(key, list);
  }

  /**
   * A station may only send an application as submitted; a decision is the district's. It may withdraw (delete)
   * one the district has not decided: a withdrawal that crossed the district's decision is refused, so the
   * decision stands and comes back to the station with its next pull.
   */
  stationProblem(row: RowState | undefined, changes: Record<string, [unknown, unknown]>): string | null {
    const gone = Object.hasOwn(changes, 'deleted_at') && changes.deleted_at![1] != null;
    const status = row?.fields.status as ApplicationStatus | undefined;
    if (gone && row && !row.deleted && status && !WITHDRAWABLE_STATUSES.includes(status))
      return `区里已对这份补贴申请作出决定（${STATUS_NAMES[status] ?? status}），工作站不能撤回，已退回`;
    const c = Object.hasOwn(changes, 'status') ? changes.status : undefined;
    if (!c || c[1] === 'submitted' || (row && row.fields.status === c[1])) return null;
    return '补贴申请的审批结果只能由区里决定，工作站不能修改，已退回';
  }

  /**
   * After the merge of an entry: an application that (newly) claims a policy for a person over a period
   * another live application of that person already claims is set aside, the first one keeps the claim.
   */
  check(row: RowState, apply: Record<string, unknown>, conflicts: FieldConflict[]): void {
    const next = { ...row.fields, ...apply };
    const claiming = (CLAIMING_STATUSES as readonly unknown[]).includes(next.status);
    const moved = ['policy_code', 'resident_id', 'period_from', 'period_to', 'status'].some((f) =>
      Object.hasOwn(apply, f),
    );
    if (!claiming || next.deleted_at != null || !(row.isNew || moved)) return;
    const residentId = str(next.resident_id);
    if (!residentId) return;
    const mine = { from: String(next.period_from), to: String(next.period_to) };
    const clash = (this.#byPerson.get(personKey(residentId, String(next.policy_code))) ?? []).find(
      (c) =>
        c.rowId !== row.rowId &&
        (CLAIMING_STATUSES as readonly string[]).includes(c.status) &&
        periodsOverlap(c, mine),
    );
    if (!clash) return;
    apply.status = 'set_aside';
    apply.decision_reason =
      `该居民同一政策 ${clash.from} 至 ${clash.to} 已有申请（先到区里的为准），` +
      `本申请期间 ${mine.from} 至 ${mine.to} 与之重叠，不予受理`;
    apply.decided_on = todayInChina(new Date(this.now));
    apply.decided_by = '区里（重复申请核查）';
    apply.paid_on = null;
    conflicts.push({ field: 'status', mine: next.status, theirs: 'set_aside' });
  }

  /** The row as written: its claim follows (a set-aside, refused or withdrawn one frees the period). */
  record(row: RowState): void {
    const had = this.#touched.get(row.rowId);
    const c = claimOf(row, had?.arrivedAt ?? this.now);
    this.#put(c);
    this.#touched.set(row.rowId, c);
  }

  async flush(trx: Transaction<ServerDB>, kind: StoreKind): Promise<void> {
    const rows = [...this.#touched.values()].map((c) => [
      c.rowId,
      c.community,
      c.residentId,
      c.employerId,
      c.policy,
      c.from,
      c.to,
      c.amountFen,
      c.status,
      c.arrivedAt,
      c.decidedOn,
      c.paidOn,
    ]);
    // arrived_at is kept from the first arrival: the upsert leaves it alone
    await bulkInsert(trx, kind, 'subsidy_claims', COLUMNS, rows, {
      keys: ['row_id'],
      update: COLUMNS.filter((c) => c !== 'row_id' && c !== 'arrived_at'),
    });
  }
}
