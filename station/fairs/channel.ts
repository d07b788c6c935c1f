// The channel a hire writes into 就业结果 (station/matching/recommendations.ts): 招聘会 when the person reached
// the intent for that vacancy at a job fair (a fair_intents row of the same person and vacancy), else 推荐.
import { FAIR_CHANNEL } from '../../shared/domain/fairs/fair';
import type { Executor } from '../db/schema';

export async function hireChannel(
  db: Executor,
  rec: { resident_id: string; vacancy_id: string },
): Promise<string> {
  const intent = await db
    .selectFrom('fair_intents')
    .select('id')
    .where('resident_id', '=', rec.resident_id)
    .where('vacancy_id', '=', rec.vacancy_id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return intent ? FAIR_CHANNEL : '推荐';
}
