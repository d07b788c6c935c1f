// Training at the district (issue 10), kept in the push's own transaction (server/sync/apply.ts flush):
// - the course board: every community's courses in one district-wide sequence whose head row is locked to
//   commit (as the vacancy board, sync/board.ts), read by every other station after its cursor
//   (POST /v1/courses), so a course entered at one community can be enrolled on at all of them;
// - the narrow facts of each enrolment (course, person, completion, last day a hire counts) for the rate.
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { boardRequest, coursesResponse } from '../../shared/sync/protocol';
import { employmentDeadline } from '../../shared/domain/training/training';
import type { StoreKind } from '../db/open';
import type { ServerDB } from '../db/schema';
import { bulkInsert } from '../db/bulk';
import type { ServerContext } from '../context';
import type { AuthedStation } from '../stations';
import type { RowState } from '../sync/rows';
import { readBoardPage, takeBoardNumbers } from '../sync/boardPage';

const COURSE_COLUMNS = [
  'row_id',
  'community_code',
  'provider',
  'fields',
  'removed',
  'bseq',
  'updated_at',
] as const;
const FACT_COLUMNS = [
  'row_id',
  'community_code',
  'course_id',
  'resident_id',
  'status',
  'completed_on',
  'employ_by',
] as const;
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Brings the course board and the enrolment facts up to date with the rows a batch wrote. */
export async function refreshTraining(
  trx: Transaction<ServerDB>,
  kind: StoreKind,
  written: readonly RowState[],
  now: string,
): Promise<void> {
  const courses = written.filter((r) => r.entity === 'training_courses');
  const enrolments = written.filter((r) => r.entity === 'training_enrolments');
  if (courses.length) {
    const first = await takeBoardNumbers(trx, 'courses', courses.length);
    await bulkInsert(
      trx,
      kind,
      'training_courses',
      COURSE_COLUMNS,
      courses.map((c, i) => [
        c.rowId,
        c.community,
        String(c.fields.provider ?? ''),
        c.deleted ? '{}' : JSON.stringify(c.fields),
        c.deleted ? 1 : 0,
        first + i,
        now,
      ]),
      { keys: ['row_id'], update: COURSE_COLUMNS.slice(1) },
    );
  }
  if (enrolments.length) {
    await bulkInsert(
      trx,
      kind,
      'training_facts',
      FACT_COLUMNS,
      enrolments.map((e) => {
        const done = e.deleted
          ? null
          : str(e.fields.status) === 'completed'
            ? str(e.fields.completed_on)
            : null;
        return [
          e.rowId,
          e.community,
          String(e.fields.course_id ?? ''),
          String(e.fields.resident_id ?? ''),
          e.deleted ? 'deleted' : String(e.fields.status ?? 'enrolled'),
          done,
          done ? employmentDeadline(done) : null,
        ];
      }),
      { keys: ['row_id'], update: FACT_COLUMNS.slice(1) },
    );
  }
}

/** POST /v1/courses: other communities' courses changed after `after`, in board order. */
export function coursesBoard(
  ctx: ServerContext,
  station: AuthedStation,
  req: z.infer<typeof boardRequest>,
): Promise<z.infer<typeof coursesResponse>> {
  return readBoardPage(ctx, 'courses', station, req);
}
