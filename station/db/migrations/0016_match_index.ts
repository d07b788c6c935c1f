// Migration 0016_match_index — frozen once released: never import app code here; add a new file instead.
// Matching at 100,000 residents (issue 9): an index of what matching asks of a person, so that
// matching.candidates looks people up by the vacancy's occupation code instead of reading every resident's
// wishes. Two local tables, never synced, kept by triggers on `residents` — so every path that writes a
// resident (a desk edit, a pulled or snapshot row, an import, a merge) keeps them in the same transaction,
// with nothing to remember in the code — and filled here from the rows already present.
//   match_people  one row per resident with a 择业意向 section: the hard filters (birth date, looking for
//                 work) and the wished wage, hours and area
//   match_wishes  (kind, code, resident): 'o' an occupation code as wished, 'i' an industry code, 't' a
//                 free-text occupation wish (people not yet coded are found through it), 's' a skill's or
//                 certificate's name
// Read station/matching/match.ts before changing the columns: its bound of the score relies on them.
import { sql, type Kysely } from 'kysely';

// Guarded JSON reads: a malformed stored value yields null here rather than failing the resident's write.
const j = (col: string, path: string) =>
  `(case when json_valid(${col}) then json_extract(${col}, '${path}') end)`;
const safe = (col: string) => `(case when json_valid(${col}) then ${col} else '{}' end)`;

// The hard filter of shared/domain/matching.ts (isEmployed and not asking to change), as SQL.
const LOOKING = `(case when (${j('R.clear_unemployment', '$.status')} = 'employed'
    or ${j('R.clear_outcome', '$.result')} in ('placed', 'self_employed', 'public_welfare'))
    and coalesce(${j('R.clear_preferences', '$.changeJob')}, 0) = 0 then 0 else 1 end)`;

function fill(r: 'new' | 'residents'): { people: string; wishes: string } {
  const R = (s: string) => s.replaceAll('R.', `${r}.`);
  const from = r === 'new' ? '' : 'from residents';
  const where = `${r}.deleted_at is null and ${r}.clear_preferences is not null`;
  const each = (path: string) => `json_each(${safe(`${r}.clear_preferences`)}, '${path}')`;
  return {
    people: R(`insert or replace into match_people (resident_id, birth_date, looking, wage, hours, area)
      select R.id, R.birth_date, ${LOOKING},
        ${j('R.clear_preferences', '$.expectedWage')}, ${j('R.clear_preferences', '$.hours')},
        ${j('R.clear_preferences', '$.area')}
      ${from} where ${where}`),
    wishes: `insert or ignore into match_wishes (kind, code, resident_id)
      select 'o', w.value, ${r}.id ${from ? `${from},` : 'from'} ${each('$.occupationCodes')} w
        where ${where} and w.type = 'text'
      union all select 'i', w.value, ${r}.id ${from ? `${from},` : 'from'} ${each('$.industryCodes')} w
        where ${where} and w.type = 'text'
      union all select 't', w.value, ${r}.id ${from ? `${from},` : 'from'} ${each('$.occupations')} w
        where ${where} and w.type = 'text' and length(w.value) > 0
      union all select 's', x.value, ${r}.id ${from ? `${from},` : 'from'}
          json_each(${safe(`${r}.clear_skills`)}, '$.items') k, json_each(k.value) x
        where ${where} and x.key in ('name', 'certificate') and x.type = 'text' and length(x.value) > 0`,
  };
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table match_people (
    resident_id text primary key,
    birth_date text not null,
    looking integer not null,
    wage real,
    hours text,
    area text
  ) without rowid`.execute(db);
  await sql`create table match_wishes (
    kind text not null,
    code text not null,
    resident_id text not null,
    primary key (kind, code, resident_id)
  ) without rowid`.execute(db);
  await sql`create index match_wishes_resident on match_wishes(resident_id)`.execute(db);

  const n = fill('new');
  const clear = (id: string) =>
    `delete from match_people where resident_id = ${id}; delete from match_wishes where resident_id = ${id};`;
  await sql
    .raw(
      `create trigger residents_match_insert after insert on residents begin ${n.people}; ${n.wishes}; end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger residents_match_update after update of id, birth_date, deleted_at, clear_unemployment,
        clear_outcome, clear_preferences, clear_skills on residents
      begin ${clear('old.id')} ${n.people}; ${n.wishes}; end`,
    )
    .execute(db);
  await sql
    .raw(`create trigger residents_match_delete after delete on residents begin ${clear('old.id')} end`)
    .execute(db);

  const all = fill('residents');
  await sql.raw(all.people).execute(db);
  await sql.raw(all.wishes).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['residents_match_insert', 'residents_match_update', 'residents_match_delete'])
    await sql.raw(`drop trigger ${t}`).execute(db);
  await db.schema.dropTable('match_wishes').execute();
  await db.schema.dropTable('match_people').execute();
}
