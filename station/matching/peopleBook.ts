// The people looking for work, as the match index (migration 0016) holds them, read once and held in memory
// for the fair's candidate list (station/fairs/candidates.ts): a fair asks for the best people of a dozen
// or more vacancies at once, and reading each vacancy's tier from the index costs a seek into match_people
// per wish (the bench's fairs: ~4,000 a vacancy, 16 vacancies). Held here, a tier is a few lookups in a map
// and each person's bound (station/matching/bound.ts) a function call.
// Kept fresh as the book of vacancies is (vacancyBook.ts): TEMP triggers on this connection note the people
// whose index rows, name, household or cards changed — the match index's own triggers on `residents` write
// match_people for every change of a person's wishes, so its rows are the ones to watch — and only those are
// read again; `pragma data_version` moving (another connection committed) reads everyone again. The noted ids
// live in a TEMP table, so a rolled back write takes its notes with it.
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../db/schema';
import type { BoundPerson, WishKind } from './bound';

export interface BookPerson extends BoundPerson {
  id: string;
  birthDate: string;
  /** A bound of the priority: a valid card, and a household at all (which may be 零就业). */
  pb: number;
  pinyin: string;
  /** The order at equal score and priority (byFit's key): pinyin, then id. */
  key: string;
  /** The person's wishes by kind ('o', 'i', 't', 's'), as match_wishes holds them. */
  wishes: Map<WishKind, string[]>;
  /** Scratch for a search gathering a tier's people, so that each is met once (station/fairs/candidates.ts). */
  mark: number;
}

export interface PeopleBook {
  byId: Map<string, BookPerson>;
  /** kind → code → the people with that wish. */
  byWish: Map<WishKind, Map<string, Set<BookPerson>>>;
}

/** More noted changes than this: everyone is read again (one pass is cheaper than many look-ups). */
const REREAD_ALL = 5000;

const TRIGGERS: Array<[string, string, string]> = [
  ['match_people', 'insert', 'new.resident_id'],
  ['match_people', 'update', 'new.resident_id), (old.resident_id'],
  ['match_people', 'delete', 'old.resident_id'],
  ['residents', 'update of name_pinyin, household_id', 'new.id), (old.id'],
  ['cards', 'insert', 'new.resident_id'],
  ['cards', 'update', 'new.resident_id), (old.resident_id'],
  ['cards', 'delete', 'old.resident_id'],
];

async function watch(db: Executor): Promise<void> {
  await sql`create temp table if not exists match_people_noted (id text primary key) without rowid`.execute(
    db,
  );
  for (const [i, [table, op, ids]] of TRIGGERS.entries())
    await sql
      .raw(
        `create temp trigger if not exists match_people_noted_${i} after ${op} on main.${table}
        begin insert or ignore into match_people_noted (id) values (${ids}); end`,
      )
      .execute(db);
}

const held = new WeakMap<object, { dv: number; book: PeopleBook }>();

function person(r: PersonRow): BookPerson {
  const wishes = new Map<WishKind, string[]>();
  return {
    id: r.id,
    birthDate: r.birth_date,
    wage: r.wage,
    hours: r.hours,
    area: r.area,
    pb: r.pb,
    pinyin: r.pinyin,
    key: `${r.pinyin}\u0000${r.id}`,
    wishes,
    mark: 0,
    has: (kind, codes) => !!wishes.get(kind)?.some((c) => codes.includes(c)),
  };
}

interface PersonRow {
  id: string;
  birth_date: string;
  wage: number | null;
  hours: string | null;
  area: string | null;
  pb: number;
  pinyin: string;
}

/** A wish: the person's id, its kind and code. */
type WishRow = [string, WishKind, string];

/** One row holding a JSON array of one value (`item`) a row of `from`: a row object a person costs the driver
 * more than the query does, one long text is parsed at once. */
async function jsonRows<T>(db: Executor, item: RawBuilder<unknown>, from: RawBuilder<unknown>): Promise<T[]> {
  const r = await sql<{ j: string | null }>`select json_group_array(${item}) as j from ${from}`.execute(db);
  return JSON.parse(r.rows[0]?.j ?? '[]') as T[];
}

/** Everyone looking for work: names and households from the covering indexes of live residents (migrations
 * 0004 and 0022) and joined here — a seek into `residents` a person would read its wide rows. */
async function everyone(db: Executor): Promise<{ people: PersonRow[]; wishes: WishRow[] }> {
  const looking = await jsonRows<[string, string, number | null, string | null, string | null]>(
    db,
    sql`json_array(resident_id, birth_date, wage, hours, area)`,
    sql`match_people where looking = 1`,
  );
  const names = new Map(
    await jsonRows<[string, string]>(
      db,
      sql`json_array(id, name_pinyin)`,
      sql`residents where deleted_at is null`,
    ),
  );
  const households = new Set(
    await jsonRows<string>(db, sql`id`, sql`residents where deleted_at is null and household_id is not null`),
  );
  const cards = new Set(
    await jsonRows<string>(db, sql`resident_id`, sql`cards where status = 'valid' and deleted_at is null`),
  );
  const people = looking.flatMap(([id, birth_date, wage, hours, area]) => {
    const pinyin = names.get(id);
    return pinyin === undefined
      ? []
      : [
          {
            id,
            birth_date,
            wage,
            hours,
            area,
            pinyin,
            pb: (cards.has(id) ? 1 : 0) + (households.has(id) ? 1 : 0),
          },
        ];
  });
  const wishes = await jsonRows<WishRow>(
    db,
    sql`json_array(w.resident_id, w.kind, w.code)`,
    sql`match_people m cross join match_wishes w on w.resident_id = m.resident_id where m.looking = 1`,
  );
  return { people, wishes };
}

/** The people of `ids` as they are now (those no longer looking for work are not found). */
async function some(db: Executor, ids: string[]): Promise<{ people: PersonRow[]; wishes: WishRow[] }> {
  const only = sql`m.resident_id in (select value from json_each(${JSON.stringify(ids)}))`;
  const people = await sql<PersonRow>`select m.resident_id as id, m.birth_date, m.wage, m.hours, m.area,
      r.name_pinyin as pinyin,
      (exists (select 1 from cards c where c.resident_id = m.resident_id and c.status = 'valid'
        and c.deleted_at is null)) + (r.household_id is not null) as pb
    from match_people m join residents r on r.id = m.resident_id
    where m.looking = 1 and ${only}`.execute(db);
  const wishes = await sql<{
    id: string;
    kind: WishKind;
    code: string;
  }>`select w.resident_id as id, w.kind, w.code
    from match_people m cross join match_wishes w on w.resident_id = m.resident_id
    where m.looking = 1 and ${only}`.execute(db);
  return { people: people.rows, wishes: wishes.rows.map((w): WishRow => [w.id, w.kind, w.code]) };
}

/** Reads the people of `ids` (everyone looking when undefined) into `book`, replacing what it held of them. */
async function read(db: Executor, book: PeopleBook, ids?: string[]): Promise<void> {
  for (const id of ids ?? []) {
    const p = book.byId.get(id);
    if (!p) continue;
    for (const [kind, codes] of p.wishes) for (const c of codes) book.byWish.get(kind)?.get(c)?.delete(p);
    book.byId.delete(id);
  }
  const { people, wishes } = ids ? await some(db, ids) : await everyone(db);
  for (const r of people) book.byId.set(r.id, person(r));
  for (const [id, kind, code] of wishes) {
    const p = book.byId.get(id);
    if (!p) continue;
    const mine = p.wishes.get(kind);
    if (mine) mine.push(code);
    else p.wishes.set(kind, [code]);
    let codes = book.byWish.get(kind);
    if (!codes) book.byWish.set(kind, (codes = new Map()));
    let set = codes.get(code);
    if (!set) codes.set(code, (set = new Set()));
    set.add(p);
  }
}

/** The book as it is now: read whole the first time (and after another connection wrote), else brought up
 * to date with the people noted since. */
export async function peopleBook(db: Executor): Promise<PeopleBook> {
  let noted: string[] | null;
  try {
    noted = (
      await sql<{ id: string }>`delete from temp.match_people_noted returning id`.execute(db)
    ).rows.map((r) => r.id);
  } catch {
    // a new connection: no triggers yet (whatever was held was read through another connection)
    await watch(db);
    noted = null;
  }
  const dv = (await sql<{ dv: number }>`select data_version as dv from pragma_data_version()`.execute(db))
    .rows[0]!.dv;
  const hit = held.get(db);
  if (hit && noted && hit.dv === dv && noted.length <= REREAD_ALL) {
    if (noted.length) await read(db, hit.book, noted);
    return hit.book;
  }
  const book: PeopleBook = { byId: new Map(), byWish: new Map() };
  await read(db, book);
  held.set(db, { dv, book });
  return book;
}
