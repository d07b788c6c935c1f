// Another community's shared vacancy as the desk shows it (vacancies.get / vacancies.list with scope
// 'shared'): the same Vacancy shape as an own one, `foreign` and read-only.
import { sql } from 'kysely';
import type { Vacancy } from '../../shared/domain/employer';
import { ApiError } from '../../shared/errors';
import type { BoardVacanciesTable, Executor } from '../db/schema';
import { likeText } from '../db/like';
import { toVacancy } from '../employers/vacancyRow';

type Row = BoardVacanciesTable & {
  occupation_name: string | null;
  industry_name: string | null;
  community_name: string | null;
  street_name: string | null;
};

function select(db: Executor) {
  return db
    .selectFrom('board_vacancies as b')
    .leftJoin('ref_occupations as ro', 'ro.code', 'b.occupation_code')
    .leftJoin('ref_industries as ri', 'ri.code', 'b.industry_code')
    .leftJoin('ref_communities as rc', 'rc.code', 'b.community_code')
    .leftJoin('ref_streets as rs', 'rs.code', 'rc.street_code')
    .selectAll('b')
    .select([
      'ro.name as occupation_name',
      'ri.name as industry_name',
      'rc.name as community_name',
      'rs.name as street_name',
    ]);
}

/** The board row through the own vacancies' mapping: always shared, read-only, dated by its last change. */
function boardToVacancy(r: Row, today: string): Vacancy {
  return toVacancy({ ...r, created_at: r.updated_at, shared: 1 }, today, true);
}

export async function boardVacancy(db: Executor, id: string, today: string): Promise<Vacancy | null> {
  const row = await select(db).where('b.id', '=', id).executeTakeFirst();
  return row ? boardToVacancy(row, today) : null;
}

/** Refuses an edit of another community's vacancy, naming the community that may edit it. */
export async function refuseForeignEdit(db: Executor, id: string): Promise<void> {
  const row = await select(db).where('b.id', '=', id).executeTakeFirst();
  if (row)
    throw new ApiError(
      'forbidden',
      `这是${row.community_name ?? `社区 ${row.community_code}`}的岗位，由区里共享给本社区查看和推荐，只能在该社区修改`,
    );
}

export async function listBoard(
  db: Executor,
  input: {
    offset: number;
    limit: number;
    status?: string | undefined;
    includeExpired: boolean;
    query?: string | undefined;
  },
  today: string,
): Promise<{ items: Vacancy[]; total: number }> {
  let q = select(db);
  if (input.status) q = q.where('b.status', '=', input.status);
  if (!input.includeExpired) q = q.where('b.valid_to', '>=', today);
  const text = input.query?.trim();
  if (text)
    q = q.where((eb) =>
      eb.or([
        likeText('b.title', '%', text, '%'),
        likeText('b.occupation', '%', text, '%'),
        likeText('b.employer_name', '%', text, '%'),
        likeText('rc.name', '%', text, '%'),
      ]),
    );
  const total = await q
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await q
    .orderBy(sql`b.valid_to >= ${today}`, 'desc')
    .orderBy('b.valid_to')
    .limit(input.limit)
    .offset(input.offset)
    .execute();
  return { items: rows.map((r) => boardToVacancy(r, today)), total: Number(total.n) };
}
