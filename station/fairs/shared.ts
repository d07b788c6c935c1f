// Street and district job fairs as the district sends them (POST /v1/fairs, server/fairs/shared.ts), held
// read-only in `shared_fairs`: after each pull the station reads the documents after its cursor as every
// district board is read (station/sync/districtBoard.ts). A document carries the fair and every community's
// employers at it; `removed` drops the copy. This station's own fairs stay in `fairs`; their document only
// adds the employers other communities brought (station/fairs/read.ts).
import { FAIRS_ENDPOINT, fairsResponse, type FairsItem } from '../../shared/sync/fairsProtocol';
import type { DB } from '../db/schema';
import { refreshDistrictBoard, type DistrictBoard } from '../sync/districtBoard';
import type { TransportOptions, WireCounters } from '../sync/transport';

const FAIRS: DistrictBoard<FairsItem, 'shared_fairs'> = {
  table: 'shared_fairs',
  endpoint: FAIRS_ENDPOINT,
  response: fairsResponse,
  cursorKey: 'fairs_cursor',
  epochKey: 'fairs_epoch',
  toRow(it, stamp) {
    if (it.removed || !it.fair) return null;
    const f = it.fair;
    return {
      id: it.id,
      community_code: it.community,
      name: f.name,
      date: f.date,
      place: f.place,
      scope: f.scope,
      street_code: f.street_code,
      organiser: f.organiser,
      employers: JSON.stringify(f.employers),
      cancelled_on: f.cancelled_on ?? null,
      cancel_reason: f.cancel_reason ?? null,
      fseq: it.fseq,
      updated_at: stamp,
    };
  },
};

/** Reads the district's fair documents after the held cursor, page by page; returns how many changed here. */
export function refreshSharedFairs(
  db: DB,
  transport: TransportOptions,
  now: () => Date,
  counters?: WireCounters,
  /** The board's head and the district's epoch as the last pull told them (pullResponse.boardHeads). */
  known?: { head: number; epoch?: string },
): Promise<number> {
  return refreshDistrictBoard(db, FAIRS, transport, now, counters, known);
}
