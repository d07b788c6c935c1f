// The district console's HTTP contract (POST /console/api/<method>, JSON, Bearer session token): one zod
// schema per method, parsed by the server before anything runs and used by the console web app to type
// its calls. Errors: { error: { code, message } } with the codes below, messages in Chinese.
import { z } from 'zod';
import { figureInput, periodInput } from '../reports/query';

export const CONSOLE_ROLES = ['district', 'street', 'viewer'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

const street = z.string().regex(/^\d{9}$/, { message: '街道代码应为 9 位数字' });
const community = z.string().regex(/^\d{12}$/, { message: '社区代码应为 12 位数字' });

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
  /** A full ID number, for one resident: audit-logged. */
  'residents.reveal': z.object({ residentId: z.string().uuid({ message: '居民编号格式不正确' }) }),
  'stations.list': z.object({}),
  'merges.list': z.object({ status: z.enum(['open', 'resolved', 'withdrawn']).default('open') }),
  'merges.decide': z.object({
    taskId: z.string().min(1).max(64),
    keepCommunity: community,
  }),
} as const;
export type ConsoleMethod = keyof typeof consoleContract;

export const CONSOLE_ERROR_STATUS = {
  invalid_input: 400,
  unauthorized: 401,
  session_expired: 401,
  forbidden_role: 403,
  out_of_scope: 403,
  not_found: 404,
  locked: 429,
  internal: 500,
} as const;
export type ConsoleErrorCode = keyof typeof CONSOLE_ERROR_STATUS;

export interface ConsoleUser {
  username: string;
  role: ConsoleRole;
  streetCode: string | null;
}
