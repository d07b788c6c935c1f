// What the console's stewardship screens read: a merge task's two registrations side by side, the conflict
// records (edits that lost to another station's value) and the transfers made. Every value leaves here fit
// for a screen: ID numbers masked, income sections hidden, long JSON sections shortened — a full ID number
// is only ever read through residents.reveal, which is audit-logged.
import { ENTITIES } from '../../shared/sync/entities';
import { maskIdNumber } from '../../shared/validators/idNumber';
import type { ServerContext } from '../context';
import { communityNames } from '../sync/holds';
import { ConsoleError } from './errors';
import { decodeFields, knowLayouts } from '../sync/rowCodec';

/** Fields never shown side by side: bookkeeping, not a statement about the person. */
const HIDDEN = new Set(['community_code', 'deleted_at']);
/** Fields whose values are personal figures: shown as filled or empty only. */
const PRIVATE = new Set(['clear_income']);

/** One value as a person reads it on the console (never a full ID number, never an income). */
export function displayValue(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '';
  if (field === 'id_number' && typeof v === 'string') return maskIdNumber(v);
  if (PRIVATE.has(field)) return '••••';
  if (typeof v === 'boolean') return v ? '✓' : '✗';
  if (typeof v === 'object') {
    const text = JSON.stringify(v);
    return text === '{}' ? '' : text.length > 160 ? `${text.slice(0, 157)}…` : text;
  }
  return String(v);
}

export interface MergeSide {
  community: string;
  communityName: string | null;
  residentId: string;
  /** 'kept': the first registration, which holds the number; 'held': the second, waiting on the decision. */
  role: 'kept' | 'held';
  deleted: boolean;
}

export interface MergeDetail {
  id: string;
  status: string;
  createdAt: string;
  idNumberMasked: string;
  keptCommunity: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  sides: MergeSide[];
  /** Every resident field either side gave, in the registry's order; `differs` when the two disagree. */
  fields: Array<{ field: string; values: string[]; differs: boolean }>;
  proposals: number;
}

export async function mergeDetail(ctx: ServerContext, taskId: string): Promise<MergeDetail> {
  const db = ctx.store.db;
  const task = await db.selectFrom('merge_tasks').selectAll().where('id', '=', taskId).executeTakeFirst();
  if (!task) throw new ConsoleError('not_found', '没有这个合并任务');
  const ids = [task.kept_id, task.merged_id].filter((x, i, a) => a.indexOf(x) === i);
  const rows = await db
    .selectFrom('sync_rows')
    .select(['row_id', 'community_code', 'fields', 'deleted'])
    .where('entity', '=', 'residents')
    .where('row_id', 'in', ids)
    .execute();
  const communities = JSON.parse(task.communities) as string[];
  const names = await communityNames(db, communities);
  await knowLayouts(
    db,
    rows.map((r) => r.fields),
  );
  const sides: Array<MergeSide & { fields: Record<string, unknown> }> = ids.map((id, i) => {
    const r = rows.find((x) => x.row_id === id);
    const community = r?.community_code ?? communities[i] ?? '';
    return {
      community,
      communityName: names.get(community) ?? null,
      residentId: id,
      role: i === 0 ? 'kept' : 'held',
      deleted: r ? Number(r.deleted) === 1 : true,
      fields: r ? decodeFields(r.fields) : {},
    };
  });
  const fields = ENTITIES.residents.fields
    .filter((f) => !HIDDEN.has(f))
    .map((f) => {
      const values = sides.map((s) => displayValue(f, s.fields[f]));
      return { field: f, values, differs: values.some((v) => v !== values[0]) };
    })
    .filter((f) => f.values.some((v) => v !== ''));
  const proposals = await db
    .selectFrom('merge_proposals')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('task_id', '=', taskId)
    .executeTakeFirst();
  return {
    id: task.id,
    status: task.status,
    createdAt: task.created_at,
    idNumberMasked: maskIdNumber(task.id_number),
    keptCommunity: task.kept_community,
    decidedAt: task.decided_at,
    decidedBy: task.decided_by,
    sides: sides.map(({ fields: _f, ...s }) => s),
    fields,
    proposals: Number(proposals?.n ?? 0),
  };
}

export interface ConflictItem {
  id: string;
  entity: string;
  rowId: string;
  field: string;
  kept: string;
  losing: string;
  community: string;
  stationNumber: number | null;
  operator: string | null;
  createdAt: string;
  reviewedAt: string | null;
}

const parsed = (text: string | null): unknown => {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

export async function listConflicts(
  ctx: ServerContext,
  communities: readonly string[] | 'all',
  opts: { status: 'open' | 'reviewed'; offset: number; limit: number },
): Promise<{ total: number; items: ConflictItem[] }> {
  let q = ctx.store.db
    .selectFrom('conflicts as c')
    .innerJoin('stations as s', 's.id', 'c.losing_station')
    .where('c.resolved_at', opts.status === 'open' ? 'is' : 'is not', null);
  if (communities !== 'all')
    q = q.where('s.community_code', 'in', communities.length ? [...communities] : ['-']);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const rows = await q
    .select([
      'c.id',
      'c.entity',
      'c.row_id',
      'c.field',
      'c.kept_value',
      'c.losing_value',
      'c.operator',
      'c.created_at',
      'c.resolved_at',
      's.community_code',
      's.station_number',
    ])
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id')
    .offset(opts.offset)
    .limit(opts.limit)
    .execute();
  return {
    total: Number(total?.n ?? 0),
    items: rows.map((r) => ({
      id: r.id,
      entity: r.entity,
      rowId: r.row_id,
      field: r.field,
      kept: displayValue(r.field, parsed(r.kept_value)),
      losing: displayValue(r.field, parsed(r.losing_value)),
      community: r.community_code,
      stationNumber: r.station_number === null ? null : Number(r.station_number),
      operator: r.operator,
      createdAt: r.created_at,
      reviewedAt: r.resolved_at,
    })),
  };
}

/** Marks a conflict record as reviewed (the kept value stands; a different one is entered at a station). */
export async function reviewConflict(
  ctx: ServerContext,
  id: string,
  communities: readonly string[] | 'all',
): Promise<{ community: string }> {
  const row = await ctx.store.db
    .selectFrom('conflicts as c')
    .innerJoin('stations as s', 's.id', 'c.losing_station')
    .select(['c.id', 'c.resolved_at', 's.community_code'])
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new ConsoleError('not_found', '没有这条冲突记录');
  if (communities !== 'all' && !communities.includes(row.community_code))
    throw new ConsoleError('out_of_scope', '这条冲突记录不在本街道');
  if (row.resolved_at) throw new ConsoleError('conflict', '这条冲突记录已经复核过了');
  await ctx.store.db
    .updateTable('conflicts')
    .set({ resolved_at: ctx.now().toISOString() })
    .where('id', '=', id)
    .where('resolved_at', 'is', null)
    .execute();
  return { community: row.community_code };
}

export async function listTransfers(ctx: ServerContext, communities: readonly string[] | 'all') {
  let q = ctx.store.db.selectFrom('transfers').selectAll().orderBy('at', 'desc').limit(500);
  if (communities !== 'all') {
    const list = communities.length ? [...communities] : ['-'];
    q = q.where((eb) => eb.or([eb('from_community', 'in', list), eb('to_community', 'in', list)]));
  }
  return (await q.execute()).map((t) => ({
    id: t.id,
    residentId: t.resident_id,
    from: t.from_community,
    to: t.to_community,
    operator: t.operator,
    at: t.at,
  }));
}
