// Card numbers without a network: community + station number + year + a sequence this station keeps per
// year. Allocated inside the issuing transaction, so a failed issue uses no number. The highest number
// already on file is also consulted, so a reinstalled PC that pulled its cards back never reissues one.
import { ApiError } from '../../shared/errors';
import { cardNumberPrefix, formatCardNumber, MAX_SEQUENCE } from '../../shared/domain/assistance/cardNumber';
import type { StationIdentity } from '../context';
import type { Executor } from '../db/schema';

export async function allocateCardNumber(
  trx: Executor,
  identity: Pick<StationIdentity, 'communityCode' | 'stationNumber'>,
  year: number,
): Promise<string> {
  const prefix = cardNumberPrefix(identity.communityCode, identity.stationNumber, year);
  const kept = await trx
    .selectFrom('card_sequences')
    .select('last_seq')
    .where('station_number', '=', identity.stationNumber)
    .where('year', '=', year)
    .executeTakeFirst();
  // fixed-width numbers: the greatest string under the prefix is the greatest sequence (index range scan)
  const onFile = await trx
    .selectFrom('cards')
    .select((eb) => eb.fn.max('card_number').as('m'))
    .where('card_number', '>=', prefix)
    .where('card_number', '<', `${prefix}~`)
    .executeTakeFirst();
  const fromCards = onFile?.m ? Number(String(onFile.m).slice(prefix.length)) : 0;
  const next = Math.max(kept?.last_seq ?? 0, fromCards) + 1;
  if (next > MAX_SEQUENCE)
    throw new ApiError(
      'conflict',
      `本工作站 ${year} 年的援助卡序号已用完（最多 ${MAX_SEQUENCE} 张），请联系区里分配新的工作站编号`,
    );
  await trx
    .insertInto('card_sequences')
    .values({ station_number: identity.stationNumber, year, last_seq: next })
    .onConflict((oc) => oc.columns(['station_number', 'year']).doUpdateSet({ last_seq: next }))
    .execute();
  return formatCardNumber({
    communityCode: identity.communityCode,
    stationNumber: identity.stationNumber,
    year,
    sequence: next,
  });
}
