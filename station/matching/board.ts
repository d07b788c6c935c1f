// The district's board of other communities' shared vacancies, held read-only in `board_vacancies`: after
// each pull the station reads the board after its cursor (POST /v1/board) as every district board is read
// (station/sync/districtBoard.ts), the district's epoch followed as the rest of sync follows it. A board row
// carries the vacancy and its employer's name, address and contacts; `removed` drops the copy.
import { ENDPOINTS, boardResponse, type BoardItem } from '../../shared/sync/protocol';
import type { DB } from '../db/schema';
import { refreshDistrictBoard, type DistrictBoard } from '../sync/districtBoard';
import type { TransportOptions, WireCounters } from '../sync/transport';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function toRow(it: BoardItem, stamp: string) {
  const f = it.fields ?? {};
  const contacts = f.employer_contacts;
  return {
    id: it.id,
    community_code: it.community,
    employer_id: str(f.employer_id) ?? '',
    employer_name: str(f.employer_name) ?? '',
    employer_address: str(f.employer_address),
    employer_contacts: typeof contacts === 'string' ? contacts : JSON.stringify(contacts ?? []),
    title: str(f.title) ?? '',
    occupation: str(f.occupation),
    occupation_code: str(f.occupation_code),
    industry_code: str(f.industry_code),
    positions: num(f.positions) ?? 1,
    hired: num(f.hired) ?? 0,
    wage_min: num(f.wage_min),
    wage_max: num(f.wage_max),
    requirements: str(f.requirements),
    age_min: num(f.age_min),
    age_max: num(f.age_max),
    education: str(f.education),
    valid_from: str(f.valid_from) ?? '0000-01-01',
    valid_to: str(f.valid_to) ?? '0000-01-01',
    status: str(f.status) ?? 'closed',
    bseq: it.bseq,
    updated_at: stamp,
  };
}

const VACANCIES: DistrictBoard<BoardItem, 'board_vacancies'> = {
  table: 'board_vacancies',
  endpoint: ENDPOINTS.board,
  response: boardResponse,
  cursorKey: 'board_cursor',
  epochKey: 'board_epoch',
  toRow: (it, stamp) => (it.removed ? null : toRow(it, stamp)),
};

/** Reads the board after the held cursor, page by page; returns how many rows changed here. */
export function refreshBoard(
  db: DB,
  transport: TransportOptions,
  now: () => Date,
  counters?: WireCounters,
  /** The board's head and the district's epoch as the last pull told them (pullResponse.boardHeads). */
  known?: { head: number; epoch: string },
): Promise<number> {
  return refreshDistrictBoard(db, VACANCIES, transport, now, counters, known);
}
