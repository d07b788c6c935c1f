// worklist.today — whom to call today: residents whose six clears are incomplete or stale. Unemployed
// people come first (they are who the clears exist for), then the most missing sections, then the oldest
// confirmation. Later issues add other kinds of work (overdue plan measures) to the same list.
import { sql } from 'kysely';
import { addDays } from '../../shared/domain/dates';
import type { coreContract } from '../../shared/contract/core';
import type { Handlers } from '../context';
import { ROW_COLUMNS, toResidentRow } from '../residents/repository';

type C = typeof coreContract;

export const worklistHandlers: Pick<Handlers<C>, 'worklist.today'> = {
  async 'worklist.today'(input, ctx) {
    const cutoff = addDays(ctx.today, -ctx.staleAfterDays);
    const base = ctx.db
      .selectFrom('residents')
      .where('deleted_at', 'is', null)
      .where((eb) => eb.or([eb('clears_missing', '>', 0), eb('clears_oldest_at', '<', cutoff)]));
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const priority = sql<number>`(case when json_extract(clear_unemployment, '$.status') = 'unemployed' then 100 else 0 end)
      + clears_missing * 10 + (case when clears_oldest_at < ${cutoff} then 5 else 0 end)`;
    const rows = await base
      .select(ROW_COLUMNS)
      .select(priority.as('priority'))
      .orderBy('priority', 'desc')
      .orderBy('clears_oldest_at')
      .orderBy('id')
      .limit(input.limit)
      .offset(input.offset)
      .execute();
    const view = { today: ctx.today, staleAfterDays: ctx.staleAfterDays };
    return {
      items: rows.map((r) => {
        const resident = toResidentRow(r, view);
        const s = resident.sixClearsState;
        return {
          resident,
          reason: s.missing.length ? ('missing' as const) : ('stale' as const),
          sections: s.missing.length ? s.missing : s.stale,
          priority: Number(r.priority),
        };
      }),
      total: Number(total.n),
    };
  },
};
