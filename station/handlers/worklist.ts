// worklist.today — whom to call today. First the overdue plan measures (一人一策: promises already made to a
// card holder), oldest due date first; then residents whose six clears are incomplete or stale: unemployed
// people first (they are who the clears exist for), then the most missing sections, then the oldest
// confirmation. One list, one total, paged across both kinds.
// Left out (issue 15): people who left the book (moved away, retired, deceased, past working age), and rows
// marked contacted (worklist.markContacted) until the mark's next due date — a measure's row by a mark on
// that measure, a person's six-clears row by any mark on the person.
import { sql, type SqlBool } from 'kysely';
import { addDays, daysBetween } from '../../shared/domain/dates';
import type { coreContract, WorkItem } from '../../shared/contract/core';
import type { MeasureKind } from '../../shared/domain/assistance/card';
import type { Ctx, Handlers } from '../context';
import { ROW_COLUMNS, toResidentRow } from '../residents/repository';
import { overdueMeasuresQuery } from '../cards/repository';

type C = typeof coreContract;
interface Page {
  offset: number;
  limit: number;
}

const view = (ctx: Ctx) => ({ today: ctx.today, staleAfterDays: ctx.staleAfterDays });

function overdueBase(ctx: Ctx) {
  // a removed holder's measures are nobody's work any more, nor those of someone who left the book
  return overdueMeasuresQuery(ctx.db, ctx.today)
    .where('r.deleted_at', 'is', null)
    .where('r.lifecycle', 'is', null)
    .where(
      sql<SqlBool>`not exists (select 1 from plan_services s where s.measure_id = m.id and s.next_due > ${ctx.today})`,
    );
}

async function overdueItems(ctx: Ctx, page: Page): Promise<WorkItem[]> {
  if (page.limit <= 0) return [];
  const rows = await overdueBase(ctx)
    .select([
      'm.id',
      'm.kind',
      'm.owner',
      'm.due_date',
      'm.note',
      'c.id as cardId',
      'c.card_number as cardNumber',
      'r.id as residentId',
    ])
    .orderBy('m.due_date')
    .orderBy('m.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  if (rows.length === 0) return [];
  const holders = await ctx.db
    .selectFrom('residents')
    .select(ROW_COLUMNS)
    .where('id', 'in', [...new Set(rows.map((r) => r.residentId))])
    .execute();
  const holderById = new Map(holders.map((h) => [h.id, toResidentRow(h, view(ctx))]));
  return rows.map((r) => ({
    kind: 'measure' as const,
    resident: holderById.get(r.residentId)!,
    reason: 'overdue' as const,
    sections: [],
    priority: 0,
    measure: {
      id: r.id,
      cardId: r.cardId,
      cardNumber: r.cardNumber,
      kind: r.kind as MeasureKind,
      owner: r.owner,
      dueDate: r.due_date,
      note: r.note,
      daysOverdue: daysBetween(r.due_date, ctx.today),
    },
  }));
}

function clearsBase(ctx: Ctx) {
  const cutoff = addDays(ctx.today, -ctx.staleAfterDays);
  return ctx.db
    .selectFrom('residents')
    .where('deleted_at', 'is', null)
    .where('lifecycle', 'is', null)
    .where((eb) => eb.or([eb('clears_missing', '>', 0), eb('clears_oldest_at', '<', cutoff)]))
    .where(
      sql<SqlBool>`not exists (select 1 from plan_services s where s.plan_id = residents.id and s.next_due > ${ctx.today})`,
    );
}

async function clearsItems(ctx: Ctx, page: Page): Promise<WorkItem[]> {
  if (page.limit <= 0) return [];
  const cutoff = addDays(ctx.today, -ctx.staleAfterDays);
  const priority = sql<number>`(case when json_extract(clear_unemployment, '$.status') = 'unemployed' then 100 else 0 end)
      + clears_missing * 10 + (case when clears_oldest_at < ${cutoff} then 5 else 0 end)`;
  const rows = await clearsBase(ctx)
    .select(ROW_COLUMNS)
    .select(priority.as('priority'))
    .orderBy('priority', 'desc')
    .orderBy('clears_oldest_at')
    .orderBy('id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map((r) => {
    const resident = toResidentRow(r, view(ctx));
    const s = resident.sixClearsState;
    return {
      kind: 'clears' as const,
      resident,
      reason: s.missing.length ? ('missing' as const) : ('stale' as const),
      sections: s.missing.length ? s.missing : s.stale,
      priority: Number(r.priority),
    };
  });
}

export const worklistHandlers: Pick<Handlers<C>, 'worklist.today'> = {
  async 'worklist.today'(input, ctx) {
    const measureCount = await overdueBase(ctx)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const clearsCount = await clearsBase(ctx)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const measureTotal = Number(measureCount.n);
    const clearsTotal = Number(clearsCount.n);
    // the page is a window on [measures…, clears…]: take what falls in the measures, the rest from the clears
    const measures = await overdueItems(ctx, {
      offset: input.offset,
      limit: Math.min(input.limit, measureTotal - input.offset),
    });
    const clears = await clearsItems(ctx, {
      offset: Math.max(0, input.offset - measureTotal),
      limit: input.limit - measures.length,
    });
    return { items: [...measures, ...clears], total: measureTotal + clearsTotal };
  },
};
