// One vacancy row (own or from the district's board) as the desk shows it: the one mapping both use.
import type { Vacancy } from '../../shared/domain/employer';
import type { VacanciesTable } from '../db/schema';

export type VacancyRow = Omit<VacanciesTable, 'deleted_at'> & {
  employer_name: string;
  employer_address: string | null;
  employer_contacts: string;
  occupation_name: string | null;
  industry_name: string | null;
  community_name: string | null;
  street_name: string | null;
};

/** `foreign`: another community's shared vacancy, read-only here. */
export function toVacancy(r: VacancyRow, today: string, foreign = false): Vacancy {
  const hired = r.hired ?? 0;
  return {
    id: r.id,
    communityCode: r.community_code,
    employerId: r.employer_id,
    employerName: r.employer_name,
    title: r.title,
    occupation: r.occupation,
    positions: r.positions,
    wageMin: r.wage_min,
    wageMax: r.wage_max,
    requirements: r.requirements,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    status: r.status as Vacancy['status'],
    expired: r.valid_to < today,
    occupationCode: r.occupation_code ?? null,
    occupationName: r.occupation_name,
    industryCode: r.industry_code ?? null,
    industryName: r.industry_name,
    ageMin: r.age_min ?? null,
    ageMax: r.age_max ?? null,
    education: (r.education ?? null) as Vacancy['education'],
    shared: (r.shared ?? 1) === 1,
    hired,
    openPositions: Math.max(0, r.positions - hired),
    foreign,
    communityName: r.community_name,
    streetName: r.street_name,
    employerAddress: r.employer_address,
    employerContacts: JSON.parse(r.employer_contacts) as Vacancy['employerContacts'],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
