// training.* — 培训 (issue 10): courses shared across the district, enrolment suggested from 培训需求清,
// attendance, completion with a certificate (which adds to the person's skills section), and the training
// employment rate. Read shared/domain/training/training.ts first; handlers live in station/training/.
import { z } from 'zod';
import { method } from './define';
import { isRealDate } from '../domain/dates';
import {
  CERTIFICATE_KINDS,
  COURSE_KINDS,
  ENROLMENT_STATUSES,
  type CertificateKind,
  type CourseKind,
  type EnrolmentStatus,
  type TrainingRate,
} from '../domain/training/training';
import { OCCUPATION_CODE } from '../domain/vocabulary';

const uuid = (what: string) =>
  z.string({ message: `请选择${what}` }).uuid({ message: `${what}编号格式不正确` });
const isoDate = (what: string) =>
  z.string({ message: `请填写${what}` }).refine(isRealDate, {
    message: `${what}应为真实日期（YYYY-MM-DD）`,
    params: { rule: 'dates.real' },
  });
const text = (what: string, max: number) =>
  z
    .string({ message: `请填写${what}` })
    .trim()
    .min(1, { message: `请填写${what}` })
    .max(max, { message: `${what}最多 ${max} 个字` });
const page = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
};

export interface Course {
  id: string;
  name: string;
  kind: CourseKind;
  occupationCode: string;
  occupationName: string | null;
  provider: string;
  start: string;
  end: string;
  hours: number;
  subsidyPerPerson: number | null;
  /** The community that entered the course (its own courses are editable only there). */
  communityCode: string;
  communityName: string | null;
  /** Entered at another community and shared by the district (read-only here). */
  foreign: boolean;
  /** This station's enrolments on the course: everyone signed up and not withdrawn (撤销报名 removes the
   * enrolment), those who dropped out (退学) included — enrolled = in training + completed + dropped. */
  enrolled: number;
  completed: number;
  /** 退学: left a started course (kept among the enrolled, never counted as completed). */
  dropped: number;
}

export interface Certificate {
  kind: CertificateKind;
  level?: string;
  number: string;
}

export interface Enrolment {
  id: string;
  courseId: string;
  courseName: string;
  residentId: string;
  residentName: string;
  /** Masked (330104********0011). */
  idNumberMasked: string;
  status: EnrolmentStatus;
  enrolledOn: string;
  attendedHours: number;
  completedOn: string | null;
  certificate: Certificate | null;
  /** 退学: the day the trainee left a started course, and why (status 'dropped'). */
  droppedOn: string | null;
  dropReason: string | null;
  /** A hire within six months of completion, when there is one (recommendation or recorded outcome). */
  employedOn: string | null;
}

export interface TrainingSuggestion {
  residentId: string;
  name: string;
  idNumberMasked: string;
  /** What of the person's 培训需求 / 择业意向 fits the course, in Chinese. */
  reasons: string[];
  /** The same reasons as keys (`training.why.<key>` in the desk's catalogues), for a screen in any language. */
  why: Array<{ key: 'wish' | 'sameOccupation' | 'sameGroup'; params: Record<string, string> }>;
  score: number;
}

const certificate = z.object({
  kind: z.enum(CERTIFICATE_KINDS, { message: '请选择证书类别（职业资格或技能等级）' }),
  level: z.string().trim().max(30, { message: '等级最多 30 个字' }).optional(),
  number: text('证书编号', 40).regex(/^[0-9A-Za-z-]+$/, { message: '证书编号只能是字母、数字和连字符' }),
});

export const courseCreateInput = z
  .object({
    name: text('课程名称', 60),
    kind: z.enum(COURSE_KINDS, { message: '请选择培训类型（订单、定向、定岗、创业、技能提升）' }),
    occupationCode: z
      .string({ message: '请选择培训职业' })
      .regex(OCCUPATION_CODE, { message: '职业代码格式不正确（如 4-10-01-05）' }),
    provider: text('培训机构', 100),
    start: isoDate('开班日期'),
    end: isoDate('结业日期'),
    hours: z
      .number({ message: '课时应为数字' })
      .int({ message: '课时应为整数' })
      .min(1, { message: '课时至少 1 学时' })
      .max(2000, { message: '课时不能超过 2000 学时' }),
    subsidyPerPerson: z
      .number({ message: '补贴标准应为数字' })
      .min(0, { message: '补贴标准不能为负数' })
      .max(100_000, { message: '每人补贴标准不能超过 100000 元' })
      .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, { message: '金额最多保留两位小数' })
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (v.end < v.start)
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        message: '结业日期不能早于开班日期',
        params: { rule: 'training.endBeforeStart' },
      });
  });

export const trainingContract = {
  'training.courses.create': method<Course>()(courseCreateInput),
  'training.courses.get': method<Course>()(z.object({ id: uuid('课程') })),
  'training.courses.list': method<{ items: Course[]; total: number }>()(
    z.object({
      query: z.string().max(30, { message: '搜索词最多 30 个字符' }).optional(),
      provider: z.string().max(100).optional(),
      ...page,
    }),
  ),
  /** 培训需求清: people who want training in the course's occupation, not yet enrolled on it. */
  'training.suggest': method<{ items: TrainingSuggestion[] }>()(
    z.object({ courseId: uuid('课程'), limit: z.number().int().min(1).max(500).default(50) }),
  ),
  'training.enrol': method<Enrolment>()(z.object({ courseId: uuid('课程'), residentId: uuid('居民') })),
  'training.attend': method<Enrolment>()(
    z.object({
      courseId: uuid('课程'),
      residentId: uuid('居民'),
      hours: z
        .number({ message: '出勤学时应为数字' })
        .int({ message: '出勤学时应为整数' })
        .min(0, { message: '出勤学时不能为负数' })
        .max(2000, { message: '出勤学时不能超过 2000' }),
    }),
  ),
  'training.complete': method<Enrolment>()(
    z.object({
      courseId: uuid('课程'),
      residentId: uuid('居民'),
      date: isoDate('结业日期'),
      certificate: certificate.optional(),
    }),
  ),
  // corrections: an enrolment of someone who never started is withdrawn (deleted; enrolling again brings the
  // same row back); a trainee who left a started course drops out (退学: kept, never counted as completed)
  'training.withdraw': method<{ id: string }>()(
    z.object({ courseId: uuid('课程'), residentId: uuid('居民') }),
  ),
  'training.drop': method<Enrolment>()(
    z.object({
      courseId: uuid('课程'),
      residentId: uuid('居民'),
      date: isoDate('退学日期'),
      reason: z.string().trim().max(100, { message: '退学原因最多 100 个字' }).optional(),
    }),
  ),
  'training.enrolments': method<{ items: Enrolment[]; total: number }>()(
    z.object({
      courseId: uuid('课程').optional(),
      residentId: uuid('居民').optional(),
      status: z.enum(ENROLMENT_STATUSES).optional(),
      ...page,
    }),
  ),
  /** 培训就业率: completions in [from, to] and those hired within six months after. */
  'training.rate': method<TrainingRate & { from: string; to: string }>()(
    z
      .object({
        courseId: uuid('课程').optional(),
        provider: z.string().trim().max(100).optional(),
        from: isoDate('起始日期'),
        to: isoDate('截止日期'),
      })
      .refine((v) => v.from <= v.to, {
        message: '截止日期不能早于起始日期',
        path: ['to'],
        params: { rule: 'periods.toBeforeFrom' },
      }),
  ),
};
