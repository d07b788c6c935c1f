// Migration 0016_match_index on a real SQLite file: the backfill of residents already present, the triggers
// that keep the index through an insert, an edit, a soft delete and a hard delete, a malformed stored value
// that must not fail the resident's write, and the lookups matching makes using the primary key.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterEach, describe, expect, it } from 'vitest';
import { Sqlite3Dialect } from '../../nodelib/sqlite3Dialect';
import { PRAGMAS } from '../../station/db/open';
import { migrationProvider, migrations } from '../../station/db/migrations';

let dir = '';
let db: Kysely<any> | null = null;
afterEach(async () => {
  await db?.destroy();
  db = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openAt(target: string): Promise<Kysely<any>> {
  dir = mkdtempSync(join(tmpdir(), 'liuqing-m0016-'));
  db = new Kysely<any>({ dialect: new Sqlite3Dialect({ filename: join(dir, 's.sqlite'), onOpen: PRAGMAS }) });
  const m = new Migrator({ db, provider: migrationProvider });
  expect((await m.migrateTo(target)).error).toBeUndefined();
  return db;
}

const prefs = (p: Record<string, unknown>) => JSON.stringify({ occupations: [], industries: [], ...p });
let n = 0;
async function resident(k: Kysely<any>, cols: Record<string, unknown>) {
  n += 1;
  const id = `r${n}`;
  await k
    .insertInto('residents')
    .values({
      id,
      community_code: '330104005051',
      name: `人${n}`,
      name_pinyin: '',
      name_initials: '',
      id_number: `X${n}`,
      id_number_rev: `X${n}`,
      birth_date: '1980-05-01',
      sex: 'F',
      subsistence: 'none',
      landless_farmer: 0,
      veteran: 0,
      single_parent: 0,
      released_or_rehab: 0,
      clears_missing: 6,
      created_at: 't',
      updated_at: 't',
      ...cols,
    })
    .execute();
  return id;
}
const wishes = async (k: Kysely<any>, id: string) =>
  (
    await sql<{
      w: string;
    }>`select kind || ':' || code as w from match_wishes where resident_id = ${id} order by 1`.execute(k)
  ).rows.map((r) => r.w);
const person = async (k: Kysely<any>, id: string) =>
  (await sql<Record<string, unknown>>`select * from match_people where resident_id = ${id}`.execute(k))
    .rows[0];

describe('migration 0016_match_index', () => {
  it('fills the index from residents already there, and drops it on down', async () => {
    const names = Object.keys(migrations).sort();
    const k = await openAt(names[names.indexOf('0016_match_index') - 1]!);
    const a = await resident(k, {
      clear_preferences: prefs({
        occupationCodes: ['4-07-05-01'],
        industryCodes: ['70'],
        occupations: ['保安'],
        area: '凯旋',
        hours: 'full_time',
        expectedWage: 4000,
      }),
      clear_skills: JSON.stringify({ items: [{ name: '电工', certificate: '电工证' }] }),
      clear_unemployment: JSON.stringify({ status: 'unemployed' }),
    });
    const none = await resident(k, {});
    expect(
      (await new Migrator({ db: k, provider: migrationProvider }).migrateTo('0016_match_index')).error,
    ).toBeUndefined();
    expect(await wishes(k, a)).toEqual(['i:70', 'o:4-07-05-01', 's:电工', 's:电工证', 't:保安']);
    expect(await person(k, a)).toMatchObject({
      birth_date: '1980-05-01',
      looking: 1,
      wage: 4000,
      hours: 'full_time',
      area: '凯旋',
    });
    // no 择业意向 section: not in the index (matching never offers such a person)
    expect(await person(k, none)).toBeUndefined();
    await migrations['0016_match_index']!.down!(k);
    const tables = (await sql<{ name: string }>`select name from sqlite_master`.execute(k)).rows.map(
      (r) => r.name,
    );
    expect(tables).not.toContain('match_wishes');
    expect(tables).not.toContain('residents_match_update');
  });

  it('follows every write of a resident in the same statement, and survives a malformed value', async () => {
    const k = await openAt('0016_match_index');
    const id = await resident(k, { clear_preferences: prefs({ occupationCodes: ['4-03-02-01'] }) });
    expect(await wishes(k, id)).toEqual(['o:4-03-02-01']);
    // in work and not asking to change: not looking; asking to change: looking again
    await sql`update residents set clear_outcome = ${JSON.stringify({ result: 'placed' })} where id = ${id}`.execute(
      k,
    );
    expect(await person(k, id)).toMatchObject({ looking: 0 });
    await sql`update residents set clear_preferences = ${prefs({ occupationCodes: ['6-18-02-04'], changeJob: true })} where id = ${id}`.execute(
      k,
    );
    expect(await person(k, id)).toMatchObject({ looking: 1 });
    expect(await wishes(k, id)).toEqual(['o:6-18-02-04']);
    await sql`update residents set clear_skills = 'not json' where id = ${id}`.execute(k);
    expect(await wishes(k, id)).toEqual(['o:6-18-02-04']);
    await sql`update residents set deleted_at = 'now' where id = ${id}`.execute(k);
    expect(await wishes(k, id)).toEqual([]);
    expect(await person(k, id)).toBeUndefined();
    await sql`update residents set deleted_at = null where id = ${id}`.execute(k);
    expect(await wishes(k, id)).toEqual(['o:6-18-02-04']);
    await sql`delete from residents where id = ${id}`.execute(k);
    expect(await wishes(k, id)).toEqual([]);
    const plan = (
      await sql<{ detail: string }>`explain query plan select resident_id from match_wishes
        where kind = 'o' and code > '4-03-' and code < '4-03.'`.execute(k)
    ).rows
      .map((r) => r.detail)
      .join(' | ');
    expect(plan).toContain('PRIMARY KEY (kind=? AND code>? AND code<?)');
  });
});
