// Card numbers issued before the district gave this PC its station number are provisional
// (`…-00-…`, or a number set by hand at setup that the district did not confirm). At enrolment, in the same
// transaction that stores the district's number, every card this PC issued and has not sent yet gets its
// number under the district's station number — so two PCs that issued offline before enrolment never
// send the district the same number. A card already printed gets a reprint task on the work list.
import { parseCardNumber } from '../../shared/domain/assistance/cardNumber';
import type { Executor } from '../db/schema';
import { allocateCardNumber } from './numbers';

export async function renumberUnsentCards(
  trx: Executor,
  communityCode: string,
  stationNumber: number,
  now: string,
): Promise<Array<{ cardId: string; from: string; to: string }>> {
  const creates = await trx
    .selectFrom('outbox')
    .select(['row_id'])
    .where('entity', '=', 'cards')
    .where('op', '=', 'create')
    .where('state', '=', 'pending')
    .execute();
  if (creates.length === 0) return [];
  const cards = await trx
    .selectFrom('cards')
    .select(['id', 'card_number'])
    .where(
      'id',
      'in',
      creates.map((c) => c.row_id),
    )
    .orderBy('card_number')
    .execute();
  const out: Array<{ cardId: string; from: string; to: string }> = [];
  for (const card of cards) {
    const parts = parseCardNumber(card.card_number);
    if (!parts || parts.stationNumber === stationNumber) continue;
    const to = await allocateCardNumber(trx, { communityCode, stationNumber }, parts.year);
    await trx
      .updateTable('cards')
      .set({ card_number: to, updated_at: now })
      .where('id', '=', card.id)
      .execute();
    // the unsent entries carry the number as the district will first see it: the new one
    const entries = await trx
      .selectFrom('outbox')
      .select(['seq', 'fields'])
      .where('entity', '=', 'cards')
      .where('row_id', '=', card.id)
      .where('state', '=', 'pending')
      .execute();
    for (const e of entries) {
      const fields = JSON.parse(e.fields) as Record<string, [unknown, unknown]>;
      const c = fields.card_number;
      if (!c) continue;
      fields.card_number = [c[0] === card.card_number ? to : c[0], c[1] === card.card_number ? to : c[1]];
      await trx
        .updateTable('outbox')
        .set({ fields: JSON.stringify(fields) })
        .where('seq', '=', e.seq)
        .execute();
    }
    await noteReprint(trx, card.id, card.card_number, to, '本机登记到区里后，临时卡号换成正式卡号', now);
    out.push({ cardId: card.id, from: card.card_number, to });
  }
  return out;
}

/** A card printed under `from` now carries `to`: ask for a reprint (only if it was printed at all). */
export async function noteReprint(
  trx: Executor,
  cardId: string,
  from: string,
  to: string,
  reason: string,
  now: string,
): Promise<void> {
  const printed = await trx
    .selectFrom('card_prints')
    .select('id')
    .where('card_id', '=', cardId)
    .limit(1)
    .executeTakeFirst();
  if (!printed) return;
  await trx
    .insertInto('card_reprints')
    .values({ card_id: cardId, old_number: from, new_number: to, reason, at: now, done_at: null })
    .onConflict((oc) => oc.column('card_id').doUpdateSet({ new_number: to, reason, at: now, done_at: null }))
    .execute();
}
