// Moves between households: where a person belongs before the desk moves them (asked first), and each
// household's record of members moving in and out, read from the residents' outbox entries, so a move
// shows in the history of both households — the one left and the one joined.
import type { Contract } from '../../shared/contract';
import type { HouseholdMove } from '../../shared/contract/desk';
import type { Handlers } from '../context';
import { householdName } from '../residents/history';

type MoveHandlers = Handlers<Pick<Contract, 'households.membership' | 'households.history'>>;

export const householdMoveHandlers: MoveHandlers = {
  async 'households.membership'(input, ctx) {
    if (input.residentIds.length === 0) return { items: [] };
    const rows = await ctx.db
      .selectFrom('residents as r')
      .innerJoin('households as h', 'h.id', 'r.household_id')
      .select(['r.id as residentId', 'h.id as householdId', 'h.head_name', 'h.address'])
      .where('r.id', 'in', input.residentIds)
      .where('h.deleted_at', 'is', null)
      .execute();
    return {
      items: rows.map((r) => ({
        residentId: r.residentId,
        householdId: r.householdId,
        householdName: householdName(r.head_name, r.address),
      })),
    };
  },

  async 'households.history'(input, ctx) {
    // the id is a UUID (checked by the contract): safe inside LIKE, and it narrows the scan to the entries
    // whose changed fields mention this household
    const entries = await ctx.db
      .selectFrom('outbox as o')
      .leftJoin('residents as r', 'r.id', 'o.row_id')
      .select(['o.seq', 'o.created_at', 'o.operator_name', 'o.row_id', 'o.fields', 'r.name'])
      .where('o.entity', '=', 'residents')
      .where('o.fields', 'like', `%${input.id}%`)
      .orderBy('o.seq', 'desc')
      .limit(500)
      .execute();
    const moves: Array<Omit<HouseholdMove, 'otherName'> & { other: string | null }> = [];
    for (const e of entries) {
      const change = (JSON.parse(e.fields) as Record<string, [unknown, unknown]>).household_id;
      if (!change) continue;
      const [from, to] = change.map((v) => (typeof v === 'string' && v ? v : null)) as [
        string | null,
        string | null,
      ];
      if (from === to) continue;
      const base = {
        seq: e.seq,
        at: e.created_at,
        operator: e.operator_name,
        residentId: e.row_id,
        residentName: e.name ?? '',
      };
      if (to === input.id) moves.push({ ...base, direction: 'in', other: from });
      else if (from === input.id) moves.push({ ...base, direction: 'out', other: to });
    }
    const others = [...new Set(moves.map((m) => m.other).filter((x): x is string => !!x))];
    const names = new Map<string, string>();
    if (others.length)
      for (const h of await ctx.db
        .selectFrom('households')
        .select(['id', 'head_name', 'address'])
        .where('id', 'in', others)
        .execute())
        names.set(h.id, householdName(h.head_name, h.address));
    return {
      items: moves.map(({ other, ...m }) => ({
        ...m,
        otherName: other ? (names.get(other) ?? '已删除的家庭') : null,
      })),
    };
  },
};
