// The report relations at a station, computed from its own tables as common table expressions: the same
// columns the district keeps in its report tables (shared/reports/facts.ts), so one set of definitions
// counts both. Station tables are SQLite; the six clears are JSON text read with json_extract.
import { sql, type Kysely, type QueryCreator } from 'kysely';
import type { ReportDB } from '../../shared/reports/facts';
import type { ReportSource } from './compute';

const j = (column: string, path: string) => sql.raw(`json_extract(${column}, '$.${path}')`);

/** `db` is the station's Kysely (typed loosely: nodelib does not import the station's schema). */
export function stationReportSource(db: Kysely<any>): ReportSource {
  const q = db
    .with('report_residents', (qb) =>
      qb
        .selectFrom('residents')
        .where('deleted_at', 'is', null)
        .select([
          'id',
          'community_code',
          'name',
          'id_number',
          'birth_date',
          'sex',
          'household_id',
          'clears_missing',
          'clears_oldest_at',
          sql`case when ${j('clear_unemployment', 'status')} = 'unemployed' then 1 else 0 end`.as(
            'unemployed',
          ),
          sql`case when ${j('clear_unemployment', 'status')} = 'unemployed' and ${j('clear_unemployment', 'registered')} = 1 then 1 else 0 end`.as(
            'unemployed_registered',
          ),
          sql`${j('clear_unemployment', 'since')}`.as('unemployed_since'),
          sql`${j('clear_unemployment', 'confirmedAt')}`.as('unemployment_confirmed_at'),
          sql`case when ${j('clear_outcome', 'result')} <> 'not_yet' then ${j('clear_outcome', 'date')} end`.as(
            'placed_on',
          ),
          'landless_farmer',
          sql`case when disability is not null and disability <> '' then 1 else 0 end`.as('disability'),
          'subsistence',
          sql`${j('clear_income', 'subsistence')}`.as('income_subsistence'),
          'veteran',
          'single_parent',
          'released_or_rehab',
          'graduate_year',
        ]),
    )
    .with('report_cards', (qb) =>
      qb
        .selectFrom('cards')
        .where('deleted_at', 'is', null)
        .select(['id', 'community_code', 'resident_id', 'status', 'issued_on']),
    )
    .with('report_vacancies', (qb) =>
      qb
        .selectFrom('vacancies')
        .where('deleted_at', 'is', null)
        .select(['id', 'community_code', 'employer_id', 'title', 'positions', 'valid_from']),
    )
    .with('report_recommendations', (qb) =>
      qb
        .selectFrom('recommendations')
        .where('deleted_at', 'is', null)
        .select([
          'id',
          'community_code',
          'resident_id',
          'vacancy_title',
          'employer_name',
          'status',
          'recommended_on',
          'hired_on',
        ]),
    )
    .with('report_visits', (qb) =>
      qb
        .selectFrom('employer_visits')
        .where('deleted_at', 'is', null)
        .select(['id', 'community_code', 'employer_id', 'date', 'visitors']),
    ) as unknown as QueryCreator<ReportDB>;
  return { q, sub: db as unknown as QueryCreator<ReportDB> };
}
