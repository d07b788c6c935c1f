// The report relations at a station, computed from its own tables as common table expressions: the same
// columns the district keeps in its report tables (shared/reports/facts.ts), so one set of definitions
// counts both. What the reports read of the six clears (JSON text) is kept in derived columns of
// `residents` (migration 0019), so no report parses JSON.
import { sql, type Kysely, type QueryCreator } from 'kysely';
import type { ReportDB } from '../../shared/reports/facts';
import type { ReportSource } from './compute';

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
          'unemployed',
          'unemployed_registered',
          'unemployed_since',
          'unemployment_confirmed_at',
          'placed_on',
          'landless_farmer',
          sql`case when disability is not null and disability <> '' then 1 else 0 end`.as('disability'),
          'subsistence',
          'income_subsistence',
          'veteran',
          'single_parent',
          'released_or_rehab',
          'graduate_year',
          sql`(select min(c.issued_on) from cards c where c.resident_id = residents.id and c.status = 'valid' and c.deleted_at is null)`.as(
            'card_from',
          ),
          sql`json_extract(lifecycle, '$.date')`.as('left_on'),
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
  // residents are read in household order from station migration 0022's index
  return { q, sub: db as unknown as QueryCreator<ReportDB>, ordered: true, leftOn: true };
}
