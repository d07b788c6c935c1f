// A resident's lifecycle (issue 15): moved away (with where to), retired, deceased, left working age — with
// the date and a reason. The person is never deleted: the row stays with its history and its cards, and is
// left out of the working-age counts and the work list. One synced field (residents.lifecycle): two
// offline PCs that set different states are two edits of one field — the district's order decides and a
// conflict record keeps the other state for a person to review (tests/sync/lifecycle.test.ts).
import { z } from 'zod';

export const LIFECYCLE_STATES = ['moved_away', 'retired', 'deceased', 'aged_out'] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];
/** The residents grid's filter: in the book, left it (any way), or one way of leaving. */
export const LIFECYCLE_FILTERS = ['active', 'left', ...LIFECYCLE_STATES] as const;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为 YYYY-MM-DD' });

export const lifecycleSchema = z.object({
  state: z.enum(LIFECYCLE_STATES, { message: '请选择人员状态' }),
  date: isoDate,
  reason: z
    .string()
    .trim()
    .min(2, { message: '请填写原因（至少 2 个字）' })
    .max(200, { message: '原因最多 200 个字' }),
  /** moved_away: where to (a community, a city, an address) */
  destination: z.string().trim().max(100, { message: '迁往地址最多 100 个字' }).optional(),
  /** moved_away within the district: the community moved to (the district's transfer carries the record) */
  toCommunity: z
    .string()
    .regex(/^\d{12}$/, { message: '社区代码应为 12 位数字' })
    .optional(),
});
export type Lifecycle = z.output<typeof lifecycleSchema>;

/** Chinese words of a state, for answers and history. */
export const LIFECYCLE_WORDS: Record<LifecycleState, string> = {
  moved_away: '迁出',
  retired: '退休',
  deceased: '死亡',
  aged_out: '超出劳动年龄',
};
