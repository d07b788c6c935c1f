// The access log of reveals: whoever asks to see a full ID number or an income leaves a line saying who,
// whose, when and what — never the value. residents.get, residents.history and households.get all write
// it here, so every reveal is logged the same way (shared/domain/privacy.ts has the masking rule).
import type { RevealWhat } from '../../shared/domain/privacy';
import { requireOperator, type Ctx } from '../context';

export async function logReveal(
  ctx: Ctx,
  entity: 'residents' | 'households',
  rowId: string,
  what: readonly RevealWhat[],
): Promise<void> {
  if (!what.length) return;
  const operatorId = requireOperator(ctx).id;
  const at = ctx.now.toISOString();
  await ctx.db
    .insertInto('access_log')
    .values(what.map((w) => ({ operator_id: operatorId, entity, row_id: rowId, what: `reveal_${w}`, at })))
    .execute();
}
