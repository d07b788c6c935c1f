// The desk's second pass, continued (issue 15): contact marks on 今日工作 (a service on the person's plan
// that keeps their row off the list until its next due date), the contact log of one person, and an
// operator's own phone (it pre-fills the contact cards they make). Read station/handlers/contacts.ts.
import { z } from 'zod';
import { method } from './define';
import { isRealDate } from '../domain/dates';
import type { PlanService } from '../domain/assistance/card';
import type { Operator } from './core';

export const CONTACT_HOW = ['phone', 'visit', 'unreached'] as const;
export type ContactHow = (typeof CONTACT_HOW)[number];

/** Days until a marked person is due again, unless the mark names its own date. */
export const CONTACT_NEXT_DAYS: Record<ContactHow, number> = { phone: 30, visit: 30, unreached: 3 };
/** The farthest a mark may push its next due date. */
export const CONTACT_NEXT_MAX_DAYS = 365;

const uuid = (what: string) =>
  z.string({ message: `请选择${what}` }).uuid({ message: `${what}编号格式不正确` });
const isoDate = z.string().refine(isRealDate, { message: '日期格式应为 YYYY-MM-DD 且为真实日期' });

export interface ContactMark {
  service: PlanService;
  /** The day the person's row comes back on 今日工作. */
  nextDue: string;
}

export const deskLifeContract = {
  'worklist.markContacted': method<ContactMark>()(
    z.object({
      residentId: uuid('居民'),
      /** marked on an overdue measure's row: the mark keeps that row off until its next due date */
      measureId: uuid('援助措施').optional(),
      how: z.enum(CONTACT_HOW, { message: '请选择联系方式（电话、上门或未联系上）' }),
      note: z.string().trim().max(300, { message: '情况说明最多 300 个字' }).optional(),
      nextDue: isoDate.optional(),
    }),
  ),
  'worklist.contacts': method<{ items: PlanService[] }>()(z.object({ residentId: uuid('居民') })),
  /** An operator's phone: their own, or anyone's by an admin; '' clears it. */
  'operators.setPhone': method<Operator>()(
    z.object({ id: uuid('账号'), phone: z.string().trim().max(30, { message: '电话最多 30 个字符' }) }),
  ),
};
