// fairs.* — job fairs (招聘会, issue 10): a fair held by the community, the street or the district, the
// employers taking part with the vacancies they bring, residents signed up from a candidate list (the
// matching of issue 9), intents reached (each a recommendation in the chain) and the district's five
// figures. Read shared/domain/fairs/fair.ts first; handlers live in station/fairs/.
import { z } from 'zod';
import { method } from './define';
import { isRealDate } from '../domain/dates';
import { FAIR_SCOPES, type FairScope, type FairSummary } from '../domain/fairs/fair';
import type { RecommendationStatus } from '../domain/recommendation';

const uuid = (what: string) =>
  z.string({ message: `请选择${what}` }).uuid({ message: `${what}编号格式不正确` });
const isoDate = (what: string) =>
  z.string({ message: `请填写${what}` }).refine(isRealDate, {
    message: `${what}应为真实日期（YYYY-MM-DD）`,
    params: { rule: 'dates.real' },
  });
const words = (what: string, max: number) =>
  z
    .string({ message: `请填写${what}` })
    .trim()
    .min(1, { message: `请填写${what}` })
    .max(max, { message: `${what}最多 ${max} 个字` });

export interface FairVacancy {
  id: string;
  /** Null: the vacancy is not on this PC's books or board (yet). */
  title: string | null;
  /** Positions of the vacancy as this station knows it (null: not on this PC's books or board yet). */
  positions: number | null;
  open: boolean;
}
export interface FairEmployer {
  id: string;
  employerId: string;
  employerName: string;
  communityCode: string;
  /** Positions the vacancies brought when the employer was added: what the fair's figure counts. */
  positions: number;
  vacancies: FairVacancy[];
  /** Added from this community (the rest came with the district's copy of the fair). */
  own: boolean;
}
export interface FairPerson {
  residentId: string;
  name: string;
  /** Masked (330104********0011). */
  idNumberMasked: string;
  signedUpOn: string;
  intents: Array<{
    vacancyId: string;
    vacancyTitle: string;
    employerName: string;
    reachedOn: string;
    recommendationId: string;
    status: RecommendationStatus | null;
  }>;
}
export interface FairFigures extends FairSummary {
  /** Sign-ups, intents and hires count this community's residents only (a street or district fair: the
   * district adds up every community's). Employers and positions are the whole fair's. */
  communityOnly: boolean;
}
export interface Fair {
  id: string;
  name: string;
  date: string;
  place: string;
  scope: FairScope;
  streetCode: string | null;
  streetName: string | null;
  organiser: string;
  communityCode: string;
  communityName: string | null;
  /** Created at this community (editable here); otherwise the district's read-only copy. */
  own: boolean;
  createdBy: string | null;
  /** Called off before its day (listed as 已取消, left out of the district's figures); null: held. */
  cancelledOn: string | null;
  cancelReason: string | null;
  employers: FairEmployer[];
  summary: FairFigures;
}
export interface FairListItem {
  id: string;
  name: string;
  date: string;
  place: string;
  scope: FairScope;
  organiser: string;
  own: boolean;
  cancelledOn: string | null;
  summary: FairFigures;
}
export interface FairCandidate {
  residentId: string;
  name: string;
  /** The best fit among the fair's vacancies. */
  score: number;
  reasons: string[];
  vacancies: Array<{ id: string; title: string; score: number }>;
}
/** A person's fairs, for their page. */
export interface ResidentFair {
  fairId: string;
  name: string;
  date: string;
  place: string;
  signedUpOn: string;
  /** The fair was called off (the sign-up stays on record). */
  cancelledOn: string | null;
  intents: FairPerson['intents'];
}

export const fairCreateInput = z.object({
  name: words('招聘会名称', 60),
  date: isoDate('举办日期'),
  place: words('举办地点', 100),
  streetCode: z
    .string()
    .regex(/^\d{9}$/, { message: '街道代码应为 9 位数字' })
    .optional(),
  organiser: words('主办单位', 60),
  /** Defaults to `street` when a street is given, else `community`. */
  scope: z.enum(FAIR_SCOPES, { message: '请选择招聘会范围' }).optional(),
});

export const fairsContract = {
  'fairs.create': method<Fair>()(fairCreateInput),
  'fairs.list': method<{ items: FairListItem[]; total: number }>()(
    z.object({
      from: isoDate('起始日期').optional(),
      to: isoDate('截止日期').optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(100),
    }),
  ),
  'fairs.get': method<Fair & { people: FairPerson[] }>()(z.object({ id: uuid('招聘会') })),
  'fairs.addEmployer': method<Fair>()(
    z.object({
      fairId: uuid('招聘会'),
      employerId: uuid('用人单位'),
      vacancyIds: z
        .array(uuid('岗位'), { message: '请选择岗位' })
        .min(1, { message: '请至少选择一个带到招聘会的岗位' })
        .max(100, { message: '一家单位最多带 100 个岗位' }),
    }),
  ),
  // the matching for each vacancy at the fair (or the one named): each vacancy's best people not signed up
  // yet, each person once with the jobs they fit, the best fit first
  'fairs.candidates': method<{ items: FairCandidate[] }>()(
    z.object({
      fairId: uuid('招聘会'),
      vacancyId: uuid('岗位').optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
  ),
  'fairs.signUp': method<{ id: string }>()(z.object({ fairId: uuid('招聘会'), residentId: uuid('居民') })),
  // a vacancy not at the fair yet is brought by the intent ('vacancy': its employer was there; 'employer': the
  // employer came with it), in the same write
  'fairs.recordIntent': method<{
    id: string;
    recommendationId: string;
    brought: 'vacancy' | 'employer' | null;
  }>()(
    z.object({
      fairId: uuid('招聘会'),
      residentId: uuid('居民'),
      vacancyId: uuid('岗位'),
      date: isoDate('达成意向日期').optional(),
    }),
  ),
  // corrections: a fair called off before its day (by the community that entered it), and a sign-up made by
  // mistake or of someone who will not go (signing up again brings the same row back)
  'fairs.cancel': method<Fair>()(
    z.object({
      fairId: uuid('招聘会'),
      reason: words('取消原因', 100).refine((s) => s.length >= 2, {
        message: '请写明取消原因（至少 2 个字）',
        params: { rule: 'fairs.cancelReason' },
      }),
    }),
  ),
  'fairs.withdrawSignUp': method<{ id: string }>()(
    z.object({ fairId: uuid('招聘会'), residentId: uuid('居民') }),
  ),
  'fairs.summary': method<FairFigures>()(z.object({ fairId: uuid('招聘会') })),
  'fairs.ofResident': method<{ items: ResidentFair[] }>()(z.object({ residentId: uuid('居民') })),
};
