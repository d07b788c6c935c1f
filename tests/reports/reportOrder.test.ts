// Report speed without changing a figure (issue 11; server migration 0016, station migration 0022):
// - report_residents.card_from is kept as cards land, change, leave, and as their resident lands again,
//   on SQLite and PostgreSQL, and migration 0016 fills it from the cards already projected;
// - on SQLite (district and station) the report reads residents through the index that holds every column
//   it needs in household order: no sort, no lookup into the table (pinned with EXPLAIN QUERY PLAN).
// The figures themselves are held by definitions.test.ts (hand-counted) and setBased.test.ts (counts equal
// drill-downs).
import { Migrator } from 'kysely/migration';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityFigures } from '../../nodelib/reports/compute';
import { stationReportSource } from '../../nodelib/reports/stationSource';
import { migrationProvider } from '../../server/db/migrations';
import { projectRows, type ProjectedRow } from '../../server/reports/projection';
import { districtSource, loadCategories } from '../../server/reports/service';
import { periodOf } from '../../shared/reports/figures';
import { ensureDefaultCategories } from '../../station/cards/categories';
import { newStation } from '../factories/station';
import { BACKENDS, COMMUNITY_A, startServer, type TestServer } from '../server/harness';

const resident = (id: string, name: string): ProjectedRow => ({
  entity: 'residents',
  rowId: id,
  community: COMMUNITY_A,
  fields: { name, id_number: '330104198001010011', birth_date: '1980-01-01', sex: 'M', household_id: 'h1' },
  deleted: false,
});
const card = (id: string, residentId: string, issuedOn: string, status = 'valid', deleted = false) => ({
  entity: 'cards',
  rowId: id,
  community: COMMUNITY_A,
  fields: { resident_id: residentId, status, issued_on: issuedOn },
  deleted,
});

describe.each(BACKENDS)('card_from of the district report table on %s', (backend) => {
  let d: TestServer;
  beforeAll(async () => {
    d = await startServer(backend);
  }, 60_000);
  afterAll(() => d?.close());

  const cardFrom = async (id: string) =>
    (
      await d.server.db
        .selectFrom('report_residents')
        .select('card_from')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).card_from;
  const project = (rows: ProjectedRow[]) =>
    d.server.db.transaction().execute((trx) => projectRows(trx, d.server.store.kind, rows));

  it('follows the earliest valid card as cards land, are cancelled, leave, and as the resident lands again', async () => {
    await project([resident('r1', '张一')]);
    expect(await cardFrom('r1')).toBeNull();
    await project([card('c1', 'r1', '2026-03-01')]);
    expect(await cardFrom('r1')).toBe('2026-03-01');
    await project([card('c2', 'r1', '2026-02-01')]);
    expect(await cardFrom('r1')).toBe('2026-02-01');
    await project([card('c2', 'r1', '2026-02-01', 'cancelled')]);
    expect(await cardFrom('r1')).toBe('2026-03-01');
    // the resident's own row changes: its cards still count
    await project([{ ...resident('r1', '张一一') }]);
    expect(await cardFrom('r1')).toBe('2026-03-01');
    await project([card('c1', 'r1', '2026-03-01', 'valid', true)]);
    expect(await cardFrom('r1')).toBeNull();
    // a card moved to another person leaves the first one without it
    await project([resident('r2', '李二'), card('c3', 'r1', '2026-04-01')]);
    expect(await cardFrom('r1')).toBe('2026-04-01');
    await project([card('c3', 'r2', '2026-04-01')]);
    expect([await cardFrom('r1'), await cardFrom('r2')]).toEqual([null, '2026-04-01']);
  });

  it('gives a resident whose card landed first its card_from when it lands (same batch or later)', async () => {
    await project([card('c9', 'r9', '2026-05-05')]);
    await project([resident('r9', '王九')]);
    expect(await cardFrom('r9')).toBe('2026-05-05');
  });
});

describe.each(BACKENDS)('server migration 0016_report_order on %s', (backend) => {
  it('fills card_from from the projected cards, and goes down and up again', async () => {
    const d = await startServer(backend);
    try {
      const db = d.server.db as Kysely<any>;
      const schema =
        backend === 'postgres'
          ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s
          : undefined;
      const migrator = new Migrator({
        db,
        provider: migrationProvider,
        ...(schema ? { migrationTableSchema: schema } : {}),
      });
      const names = Object.keys(await migrationProvider.getMigrations());
      const before = names[names.indexOf('0016_report_order') - 1]!;
      // later migrations first, then 0016 itself
      expect((await migrator.migrateTo(before)).error).toBeUndefined();
      await sql`insert into report_residents (id, community_code, name, id_number, birth_date, sex, household_id,
          clears_missing, unemployed, unemployed_registered, landless_farmer, disability, subsistence, veteran,
          single_parent, released_or_rehab)
        values ('r1', ${COMMUNITY_A}, '张一', '330104198001010011', '1980-01-01', 'M', null, 6, 0, 0, 0, 0, 'none', 0, 0, 0),
               ('r2', ${COMMUNITY_A}, '李二', '330104198001010038', '1980-01-01', 'M', null, 6, 0, 0, 0, 0, 'none', 0, 0, 0)`.execute(
        db,
      );
      await sql`insert into report_cards (id, community_code, resident_id, status, issued_on)
        values ('c1', ${COMMUNITY_A}, 'r1', 'valid', '2026-03-01'), ('c2', ${COMMUNITY_A}, 'r1', 'valid', '2026-01-09'),
               ('c3', ${COMMUNITY_A}, 'r2', 'cancelled', '2026-01-01')`.execute(db);
      expect((await migrator.migrateTo('0016_report_order')).error).toBeUndefined();
      const rows = await db
        .selectFrom('report_residents')
        .select(['id', 'card_from'])
        .orderBy('id')
        .execute();
      expect(rows).toEqual([
        { id: 'r1', card_from: '2026-01-09' },
        { id: 'r2', card_from: null },
      ]);
      expect((await migrator.migrateTo(before)).error).toBeUndefined();
      await expect(sql`select card_from from report_residents`.execute(db)).rejects.toThrow();
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      expect(
        (await db.selectFrom('report_residents').select('card_from').where('id', '=', 'r1').execute())[0],
      ).toEqual({ card_from: '2026-01-09' });
    } finally {
      await d.close();
    }
  }, 60_000);
});

/** The query plan of the statement that counts the residents, captured as the report runs. */
async function residentsPlan(db: Kysely<any>, run: (db: Kysely<any>) => Promise<unknown>) {
  const statements: Array<{ sql: string; parameters: readonly unknown[] }> = [];
  const watched = db.withPlugin({
    transformQuery: (a) => {
      statements.push(db.getExecutor().compileQuery(a.node, a.queryId));
      return a.node;
    },
    transformResult: async (a) => a.result,
  });
  await run(watched);
  const counting = statements.find((s) => s.sql.includes('group by "g"."community_code"'))!;
  expect(counting).toBeDefined();
  const plan = await db.executeQuery<{ detail: string }>({
    sql: `explain query plan ${counting.sql}`,
    parameters: counting.parameters,
    query: undefined as never,
    queryId: undefined as never,
  });
  return plan.rows.map((r) => r.detail);
}

describe('the residents read in household order on SQLite', () => {
  it('at the district: through report_residents_by_household, without a sort', async () => {
    const d = await startServer('sqlite');
    try {
      const input = {
        scope: 'all' as const,
        period: periodOf('year', '2026'),
        categories: await loadCategories(d.server.db),
      };
      const plan = await residentsPlan(d.server.db, (db) =>
        communityFigures(districtSource(db as never), input),
      );
      expect(plan).toContainEqual(
        expect.stringMatching(/USING COVERING INDEX report_residents_by_household/),
      );
      expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
    } finally {
      await d.close();
    }
  }, 60_000);

  it('at the station: through residents_live_report, without a sort', async () => {
    const ts = await newStation();
    try {
      await ensureDefaultCategories(ts.station.db);
      const input = {
        scope: [ts.station.identity!.communityCode],
        period: periodOf('year', '2026'),
        categories: [],
      };
      const plan = await residentsPlan(ts.station.db, (db) =>
        communityFigures(stationReportSource(db), input),
      );
      expect(plan).toContainEqual(expect.stringMatching(/USING COVERING INDEX residents_live_report/));
      expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
    } finally {
      await ts.close();
    }
  }, 60_000);
});
