// Other communities' training courses, held read-only in `board_courses`: after each sync the station reads
// the district's course board after its cursor (POST /v1/courses) as every district board is read
// (station/sync/districtBoard.ts); `removed` drops the copy. Kept apart from `training_courses` (this
// community's own, synced rows) because a snapshot of the community retires any synced row the district did not send for it.
import { ENDPOINTS, coursesResponse, type CourseItem } from '../../shared/sync/protocol';
import type { DB } from '../db/schema';
import { refreshDistrictBoard, type DistrictBoard } from '../sync/districtBoard';
import type { TransportOptions, WireCounters } from '../sync/transport';

const str = (v: unknown, or: string): string => (typeof v === 'string' ? v : or);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function toRow(it: CourseItem, stamp: string) {
  const f = it.fields ?? {};
  return {
    id: it.id,
    community_code: it.community,
    name: str(f.name, ''),
    kind: str(f.kind, 'upskilling'),
    occupation_code: str(f.occupation_code, ''),
    provider: str(f.provider, ''),
    start_on: str(f.start_on, '0000-01-01'),
    end_on: str(f.end_on, '0000-01-01'),
    hours: num(f.hours) ?? 0,
    subsidy_per_person: num(f.subsidy_per_person),
    bseq: it.bseq,
    updated_at: stamp,
  };
}

const COURSES: DistrictBoard<CourseItem, 'board_courses'> = {
  table: 'board_courses',
  endpoint: ENDPOINTS.courses,
  response: coursesResponse,
  cursorKey: 'course_board_cursor',
  epochKey: 'course_board_epoch',
  toRow: (it, stamp) => (it.removed ? null : toRow(it, stamp)),
};

/** Reads the course board after the held cursor, page by page; returns how many rows changed here. */
export function refreshCourseBoard(
  db: DB,
  transport: TransportOptions,
  now: () => Date,
  counters?: WireCounters,
  /** The board's head and the district's epoch as the last pull told them (pullResponse.boardHeads). */
  known?: { head: number; epoch?: string },
): Promise<number> {
  return refreshDistrictBoard(db, COURSES, transport, now, counters, known);
}
