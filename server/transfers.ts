// A resident moving to another community: a district-side transfer. The old community's log gets a
// `transfer_out` (its stations drop the person), the new one's an upsert of the full row. The household
// link is cleared: the household stays behind in the old community and does not exist on the new station.
// A person held by another community's registration (sync/holds.ts) is the district's to decide first: moving
// the held registration is refused; moving the holding record to the held registration's community decides
// that merge for it (merges.ts); moving it elsewhere carries the holds along (their notices name the new
// community). No other community ever receives the row. The person's cards, contact cards, plan, measures,
// services and print log move with them in the same transaction (see followingRows).
// Issue 10's records of the person (decided with what the new community's assistant has to do next):
// - course enrolments move with the person: the new assistant follows them after a course (the training
//   employment rate counts a hire within six months of completion), their completions make them eligible
//   for policies, and the courses are district-shared, so the new station holds the course too;
// - their own subsidy applications move too: the decision still to come, or a period already claimed,
//   is the new assistant's to follow, and the double-claim rule is the district's whatever the community.
//   An employer's application (企业用工补助 for hiring them) is the employer's and stays where it is;
// - fair sign-ups and intents stay with the fair: they are that fair's figures (a fair is its organising
//   community's record, its intents are recommendations in that community's chain, which do not move
//   either) and the old station keeps listing them under the fair.
import { decodeFields, knowLayouts } from './sync/rowCodec';
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { StoreKind } from './db/open';
import type { ServerDB } from './db/schema';
import type { ServerContext } from './context';
import { SyncError } from './errors';
import { decideHold } from './merges';
import { communityName } from './reference';
import { communityNames, loadOpenHolds, noticeDrafts, withdrawDrafts } from './sync/holds';
import { appendLog, type LogDraft } from './sync/log';
import { loadRows, rowKey, saveRows, type RowState } from './sync/rows';
import { DISTRICT, markCreated, settle } from './sync/versions';
import { refreshTraining } from './training/board';

/** Entities that belong to one person's assistance, parents first. */
const FOLLOWING = [
  'cards',
  'contact_cards',
  'card_plans',
  'plan_measures',
  'plan_services',
  'card_prints',
  'training_enrolments',
  'subsidy_applications',
] as const;

/**
 * The live rows of the person's assistance in `community`, parents before children: every card of theirs,
 * each card's contact card and print log, their plan (its id is the person's) with its measures and services.
 */
async function followingRows(
  trx: Transaction<ServerDB>,
  kind: StoreKind,
  community: string,
  residentId: string,
): Promise<RowState[]> {
  const cards = (
    await trx
      .selectFrom('report_cards')
      .select('id')
      .where('resident_id', '=', residentId)
      .where('community_code', '=', community)
      .execute()
  ).map((c) => c.id);
  const cardSet = new Set(cards);
  const keys: Array<[string, string]> = [
    ...cards.map((c) => ['cards', c] as [string, string]),
    ...cards.map((c) => ['contact_cards', c] as [string, string]),
    ['card_plans', residentId],
  ];
  // children found by their parent's id in the community's rows (a transfer is rare; no index needed)
  const children = await trx
    .selectFrom('sync_rows')
    .select(['entity', 'row_id', 'fields'])
    .where('community_code', '=', community)
    .where('deleted', '=', 0)
    .where('entity', 'in', [
      'plan_measures',
      'plan_services',
      'card_prints',
      'training_enrolments',
      'subsidy_applications',
    ])
    .execute();
  await knowLayouts(
    trx,
    children.map((c) => c.fields),
  );
  for (const c of children) {
    const f = decodeFields(c.fields) as {
      plan_id?: string;
      card_id?: string;
      resident_id?: string;
      employer_id?: string | null;
    };
    const mine =
      c.entity === 'card_prints'
        ? cardSet.has(f.card_id ?? '')
        : c.entity === 'training_enrolments'
          ? f.resident_id === residentId
          : c.entity === 'subsidy_applications'
            ? f.resident_id === residentId && !f.employer_id
            : f.plan_id === residentId;
    if (mine) keys.push([c.entity, c.row_id]);
  }
  const rows = new Map<string, RowState>();
  await loadRows(trx, kind, keys, rows);
  const live = [...rows.values()].filter((r) => !r.deleted && r.community === community);
  return live.sort(
    (a, b) =>
      FOLLOWING.indexOf(a.entity as (typeof FOLLOWING)[number]) -
      FOLLOWING.indexOf(b.entity as (typeof FOLLOWING)[number]),
  );
}

export interface TransferResult {
  residentId: string;
  from: string;
  to: string;
}

export async function transferResident(
  ctx: ServerContext,
  residentId: string,
  to: string,
  operator = 'district',
): Promise<TransferResult> {
  if (!/^\d{12}$/.test(to)) throw new SyncError('invalid_input', `社区代码应为12位数字：${to}`);
  if (!(await communityName(ctx.store.db, to)))
    throw new SyncError('invalid_input', `参考数据中没有社区 ${to}`);
  const now = ctx.now().toISOString();
  return ctx.store.transaction(async (trx) => {
    let id = residentId;
    for (let hop = 0; hop < 5; hop++) {
      const r = await trx
        .selectFrom('redirects')
        .select('new_id')
        .where('entity', '=', 'residents')
        .where('old_id', '=', id)
        .executeTakeFirst();
      if (!r) break;
      id = r.new_id;
    }
    const rows = new Map<string, RowState>();
    await loadRows(trx, ctx.store.kind, [['residents', id]], rows);
    const row = rows.get(rowKey('residents', id));
    if (!row || row.deleted) throw new SyncError('not_found', `区里没有编号为 ${residentId} 的在册居民`);
    const from = row.community;
    if (from === to) throw new SyncError('invalid_input', '该居民已经属于这个社区');
    if ((await loadOpenHolds(trx, ctx.store.kind, { heldIds: [id] })).length)
      throw new SyncError(
        'invalid_input',
        '此人已在另一社区登记，本条登记正等待区里决定合并；请先用 resolve-merge 决定由哪个社区保留此人',
      );
    const holds = await loadOpenHolds(trx, ctx.store.kind, { keptIds: [id] });
    const decided = holds.find((h) => h.heldCommunity === to);
    if (decided) {
      // the new community already has its own registration of the person: the move is that merge's decision
      const d = await decideHold(trx, ctx.store.kind, decided, to, operator, now);
      await trx
        .insertInto('transfers')
        .values({
          id: randomUUID(),
          resident_id: id,
          from_community: from,
          to_community: to,
          operator,
          at: now,
        })
        .execute();
      return { residentId: d.residentId, from, to };
    }
    row.community = to;
    const origin = `district:${operator}`;
    for (const [f, v] of [
      ['community_code', to],
      ['household_id', null],
      ['household_relation', null],
    ] as const) {
      row.fields[f] = v;
    }
    // station numbers are per community: the moved row starts its versions again with the move
    markCreated(row.versions, DISTRICT, false);
    // holds on the moved record now name its new community: the old one's notice goes, the new one's comes
    const notices: LogDraft[] = [];
    if (holds.length) {
      const names = await communityNames(trx, [to, ...holds.map((h) => h.heldCommunity)]);
      for (const h of holds) {
        notices.push(withdrawDrafts(h, origin)[1]!);
        notices.push(...noticeDrafts({ ...h, keptCommunity: to }, names, origin));
        await trx
          .updateTable('merge_tasks')
          .set({ communities: JSON.stringify([to, h.heldCommunity]) })
          .where('id', '=', h.id)
          .execute();
      }
    }
    // the person's card(s), contact cards, plan, measures, services and print log go with them (一人一卡一策
    // follows the person): before, they stayed in the old community and the new one never saw them
    const follow = await followingRows(trx, ctx.store.kind, from, id);
    for (const r of follow) {
      r.community = to;
      markCreated(r.versions, DISTRICT, false); // station numbers are per community, as for the person
      r.fields.community_code = to;
    }
    const outs: LogDraft[] = [...follow]
      .reverse()
      // the plan header stays as an inert row under the departed person at the old stations: its (soft-
      // deleted) measures still reference it, so a station could not delete it
      .filter((r) => r.entity !== 'card_plans')
      .map((r) => ({
        community: from,
        entity: r.entity,
        rowId: r.rowId,
        kind: 'transfer_out' as const,
        origin,
      }));
    const moved = [row, ...follow];
    const sseqs = await appendLog(
      trx,
      ctx.store.kind,
      [
        ...outs,
        { community: from, entity: 'residents', rowId: id, kind: 'transfer_out', origin },
        ...moved.map((r) => ({
          community: to,
          entity: r.entity,
          rowId: r.rowId,
          kind: 'upsert' as const,
          fields: r.fields,
          origin,
        })),
        ...notices,
      ],
      now,
    );
    moved.forEach((r, i) => {
      const sseq = sseqs[outs.length + 1 + i]!;
      r.updatedSeq = sseq;
      settle(r.versions, sseq);
    });
    await saveRows(trx, ctx.store.kind, moved, now);
    // the district's narrow tables beside the rows name the community too (the rate and the totals per
    // community): they follow
    await refreshTraining(
      trx,
      ctx.store.kind,
      follow.filter((r) => r.entity === 'training_enrolments'),
      now,
    );
    const claims = follow.filter((r) => r.entity === 'subsidy_applications').map((r) => r.rowId);
    if (claims.length)
      await trx
        .updateTable('subsidy_claims')
        .set({ community_code: to })
        .where('row_id', 'in', claims)
        .execute();
    await trx
      .insertInto('transfers')
      .values({
        id: randomUUID(),
        resident_id: id,
        from_community: from,
        to_community: to,
        operator,
        at: now,
      })
      .execute();
    return { residentId: id, from, to };
  });
}
