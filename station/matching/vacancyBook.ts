// Both books of vacancies (the community's own and the district's board) read once and held in memory, as
// matching reads them: 5,000 rows at a district's scale, read again only when one of the tables they are made
// of changed. Matching a person then scores every vacancy in JavaScript — exactly the rule, no bound needed.
// How a change is seen without a migration: TEMP triggers (this connection only, never in the file) on the
// tables set a fresh random number in a TEMP table at every write, and `pragma data_version` moves when
// another connection (a command-line import) committed. A random number rather than a counter, so a rolled
// back transaction brings back the number of the state it came from, never one already used for another.
import { sql } from 'kysely';
import type { Executor } from '../db/schema';

/** The columns matching reads of a vacancy, with its employer's and its community's names. */
export interface VacancyRowish {
  id: string;
  community_code: string;
  title: string;
  employer_name: string;
  employer_address: string | null;
  occupation: string | null;
  occupation_code: string | null;
  industry_code: string | null;
  wage_min: number | null;
  wage_max: number | null;
  requirements: string | null;
  age_min: number | null;
  age_max: number | null;
  education: string | null;
  valid_from: string;
  valid_to: string;
  status: string;
  positions: number;
  hired: number;
  community_name: string | null;
  street_name: string | null;
}

/** Every table a row of the book is made of. */
const WATCHED = [
  'vacancies',
  'board_vacancies',
  'employers',
  'ref_communities',
  'ref_streets',
  'ref_occupations',
  'ref_industries',
] as const;

/** Both books as one query of the same columns (own vacancies, then the board's). */
export function allVacancies() {
  const own = sql`select v.id, v.community_code, v.title, e.name as employer_name, e.address as employer_address,
      v.occupation, v.occupation_code, v.industry_code, v.wage_min, v.wage_max, v.requirements, v.age_min,
      v.age_max, v.education, v.valid_from, v.valid_to, v.status, v.positions, v.hired
    from vacancies v join employers e on e.id = v.employer_id where v.deleted_at is null`;
  const board = sql`select b.id, b.community_code, b.title, b.employer_name, b.employer_address, b.occupation,
      b.occupation_code, b.industry_code, b.wage_min, b.wage_max, b.requirements, b.age_min, b.age_max,
      b.education, b.valid_from, b.valid_to, b.status, b.positions, b.hired
    from board_vacancies b where b.id not in (select id from vacancies)`;
  return sql`select a.*, rc.name as community_name, rs.name as street_name
    from (${own} union all ${board}) a
    left join ref_communities rc on rc.code = a.community_code
    left join ref_streets rs on rs.code = rc.street_code`;
}

export interface VacancyBook {
  rows: VacancyRowish[];
  byId: Map<string, VacancyRowish>;
}

const held = new WeakMap<object, { version: string; book: VacancyBook }>();

async function watch(db: Executor): Promise<void> {
  await sql`create temp table if not exists match_book_version (n integer not null)`.execute(db);
  await sql`insert into match_book_version (n) select random()
    where not exists (select 1 from match_book_version)`.execute(db);
  for (const table of WATCHED)
    for (const op of ['insert', 'update', 'delete'])
      await sql
        .raw(
          `create temp trigger if not exists match_book_${table}_${op} after ${op} on main.${table}
          begin update match_book_version set n = random(); end`,
        )
        .execute(db);
}

async function version(db: Executor): Promise<string> {
  const read = () =>
    sql<{ n: number; dv: number }>`select (select n from temp.match_book_version) as n,
      (select data_version from pragma_data_version()) as dv`.execute(db);
  let r;
  try {
    r = (await read()).rows[0];
  } catch {
    // a new connection: no triggers yet (whatever was held was read through another connection)
    await watch(db);
    r = (await read()).rows[0];
    held.delete(db);
  }
  if (r?.n === null || r?.n === undefined) {
    await watch(db);
    r = (await read()).rows[0];
  }
  return `${r!.n}:${r!.dv}`;
}

/** The book as it is now: from memory when nothing it is made of changed since it was read. */
export async function vacancyBook(db: Executor): Promise<VacancyBook> {
  const v = await version(db);
  const hit = held.get(db);
  if (hit && hit.version === v) return hit.book;
  const rows = (await sql<VacancyRowish>`${allVacancies()}`.execute(db)).rows;
  const book = { rows, byId: new Map(rows.map((r) => [r.id, r])) };
  held.set(db, { version: v, book });
  return book;
}
