// The district console's HTTP contract (POST /console/api/<method>, JSON, Bearer session token): one zod
// schema per method, parsed by the server before anything runs and used by the console web app to type
// its calls. Errors: { error: { code, message } } with the codes below, messages in Chinese.
import { z } from 'zod';
import { figureInput, periodInput } from '../reports/query';

export const CONSOLE_ROLES = ['district', 'street', 'viewer'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

const street = z.string().regex(/^\d{9}$/, { message: '街道代码应为 9 位数字' });
const community = z.string().regex(/^\d{12}$/, { message: '社区代码应为 12 位数字' });

/** Largest reference file (JSON) and USB bundle the console accepts, in characters. */
export const REFERENCE_MAX = 4_000_000;
export const BUNDLE_MAX = 12_000_000;

export const consoleContract = {
  login: z.object({
    username: z.string().trim().min(1, { message: '请填写用户名' }).max(40),
    password: z.string().min(1, { message: '请填写密码' }).max(200),
  }),
  logout: z.object({}),
  me: z.object({}),
  /** District (or one street) rolled up: district → street → community. */
  'reports.district': z.object({ period: periodInput, street: street.optional() }),
  /** The rows behind one figure in a street or community (IDs masked). */
  'reports.list': z.object({
    period: periodInput,
    figure: figureInput,
    unit: z.union([street, community]).optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(200).default(50),
  }),
  'reports.export': z.object({ period: periodInput, street: street.optional() }),
  /** Job fairs held in the period (five figures each), subsidy person-times and amounts per policy, and
   *  the training employment rate (completed, employed, rate) overall and per provider. */
  'reports.programmes': z.object({ period: periodInput, street: street.optional() }),
  /** A full ID number, for one resident: audit-logged. */
  'residents.reveal': z.object({ residentId: z.string().uuid({ message: '居民编号格式不正确' }) }),
  'stations.list': z.object({}),
  'merges.list': z.object({ status: z.enum(['open', 'resolved', 'withdrawn']).default('open') }),
  'merges.decide': z.object({
    taskId: z.string().min(1).max(64),
    keepCommunity: community,
  }),
  // ADDED: (console web app) the one-time password of add-user is changed at the first login; until then
  // every method but me, logout and password.change answers 403 password_change_required.
  'password.change': z.object({
    current: z.string().min(1, { message: '请填写当前密码' }).max(200),
    next: z
      .string()
      .min(10, { message: '新密码至少 10 个字符' })
      .max(200, { message: '新密码最多 200 个字符' }),
  }),
  /** Streets and communities the user may see (names for every screen). */
  'units.list': z.object({}),
  /** A one-time enrolment code for a new PC of a community (7 days). District accounts only. */
  'stations.enrol': z.object({
    communityCode: community,
    name: z.string().trim().max(50, { message: '工作站名称最多 50 个字符' }).optional(),
  }),
  /** Revokes a station, or an enrolment code not yet used (the station it was issued for). District only. */
  'stations.revoke': z.object({ stationId: z.string().uuid({ message: '工作站编号格式不正确' }) }),
  /** The two registrations of a merge task side by side, field by field (ID numbers masked, incomes hidden). */
  'merges.detail': z.object({ taskId: z.string().min(1).max(64) }),
  /** Conflict records: edits that lost to another station's value, to review. */
  'conflicts.list': z.object({
    status: z.enum(['open', 'reviewed']).default('open'),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(200).default(50),
  }),
  'conflicts.review': z.object({ id: z.string().min(1).max(64) }),
  'transfers.list': z.object({}),
  /** Moves a resident to another community (the resident's id from a report list or a merge task). */
  'transfers.create': z.object({
    residentId: z.string().uuid({ message: '居民编号格式不正确' }),
    toCommunity: community,
  }),
  /** A reference file (JSON text) checked whole and compared with what the district holds; writes nothing. */
  'reference.preview': z.object({
    text: z.string().min(1, { message: '请选择参考数据文件' }).max(REFERENCE_MAX),
  }),
  'reference.load': z.object({
    text: z.string().min(1, { message: '请选择参考数据文件' }).max(REFERENCE_MAX),
  }),
  /** The audit log, newest first (district accounts): who read whose full ID number, decided, was refused. */
  'audit.list': z.object({
    outcome: z.enum(['ok', 'refused']).optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(200).default(100),
  }),
  /** A station's USB bundle (the file's text): applied as its pushes would be; answers the receipt. */
  'bundles.import': z.object({ text: z.string().min(1, { message: '请选择数据包文件' }).max(BUNDLE_MAX) }),
} as const;
export type ConsoleMethod = keyof typeof consoleContract;

export const CONSOLE_ERROR_STATUS = {
  invalid_input: 400,
  unauthorized: 401,
  session_expired: 401,
  forbidden_role: 403,
  out_of_scope: 403,
  password_change_required: 403,
  not_found: 404,
  conflict: 409,
  locked: 429,
  internal: 500,
} as const;
export type ConsoleErrorCode = keyof typeof CONSOLE_ERROR_STATUS;

export interface ConsoleUser {
  username: string;
  role: ConsoleRole;
  streetCode: string | null;
}
