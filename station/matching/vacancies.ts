// Every vacancy a station can match and recommend to, whichever book holds it: its own community's
// (`vacancies`, editable here) or another community's shared one (`board_vacancies`, read-only, as the
// district last sent it). One shape for both, so matching and recommending never care which.
import type { Executor } from '../db/schema';

export interface AnyVacancy {
  id: string;
  communityCode: string;
  employerId: string;
  employerName: string;
  title: string;
  occupation: string | null;
  occupationCode: string | null;
  industryCode: string | null;
  positions: number;
  hired: number;
  wageMin: number | null;
  wageMax: number | null;
  requirements: string | null;
  ageMin: number | null;
  ageMax: number | null;
  education: string | null;
  validFrom: string;
  validTo: string;
  status: string;
  foreign: boolean;
}

export const OWN_VACANCY_COLUMNS = [
  'v.id',
  'v.community_code',
  'v.employer_id',
  'e.name as employer_name',
  'v.title',
  'v.occupation',
  'v.occupation_code',
  'v.industry_code',
  'v.positions',
  'v.hired',
  'v.wage_min',
  'v.wage_max',
  'v.requirements',
  'v.age_min',
  'v.age_max',
  'v.education',
  'v.valid_from',
  'v.valid_to',
  'v.status',
] as const;

interface Row {
  id: string;
  community_code: string;
  employer_id: string;
  employer_name: string;
  title: string;
  occupation: string | null;
  occupation_code?: string | null | undefined;
  industry_code?: string | null | undefined;
  positions: number;
  hired?: number | undefined;
  wage_min: number | null;
  wage_max: number | null;
  requirements: string | null;
  age_min?: number | null | undefined;
  age_max?: number | null | undefined;
  education?: string | null | undefined;
  valid_from: string;
  valid_to: string;
  status: string;
}

export function toAnyVacancy(r: Row, foreign: boolean): AnyVacancy {
  return {
    id: r.id,
    communityCode: r.community_code,
    employerId: r.employer_id,
    employerName: r.employer_name,
    title: r.title,
    occupation: r.occupation,
    occupationCode: r.occupation_code ?? null,
    industryCode: r.industry_code ?? null,
    positions: r.positions,
    hired: r.hired ?? 0,
    wageMin: r.wage_min,
    wageMax: r.wage_max,
    requirements: r.requirements,
    ageMin: r.age_min ?? null,
    ageMax: r.age_max ?? null,
    education: r.education ?? null,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    status: r.status,
    foreign,
  };
}

/** The vacancy of either book, or undefined. The own book wins (the board never holds own vacancies). */
export async function anyVacancy(db: Executor, id: string): Promise<AnyVacancy | undefined> {
  const own = await db
    .selectFrom('vacancies as v')
    .innerJoin('employers as e', 'e.id', 'v.employer_id')
    .select(OWN_VACANCY_COLUMNS)
    .where('v.id', '=', id)
    .where('v.deleted_at', 'is', null)
    .executeTakeFirst();
  if (own) return toAnyVacancy(own, false);
  const board = await db.selectFrom('board_vacancies').selectAll().where('id', '=', id).executeTakeFirst();
  return board ? toAnyVacancy(board, true) : undefined;
}

/** Why no one may be recommended to the vacancy today, or null. */
export function closedReason(v: AnyVacancy, today: string): string | null {
  if (v.status === 'closed') return `岗位「${v.title}」已关闭，不能再推荐`;
  if (v.status === 'filled' || v.hired >= v.positions) return `岗位「${v.title}」已招满，不能再推荐`;
  if (v.validTo < today) return `岗位「${v.title}」已于 ${v.validTo} 过期，不能再推荐`;
  if (v.validFrom > today) return `岗位「${v.title}」${v.validFrom} 才开始招聘，暂不能推荐`;
  return null;
}
