// The desk's second pass (issue 15): which household a person belongs to before they are moved, and a
// household's history of members moving in and out (both households see a move), read from the outbox.
import { z } from 'zod';
import { method } from './define';

export interface Membership {
  residentId: string;
  householdId: string;
  /** "孙大伟户（景昙路 8 号）" */
  householdName: string;
}

export interface HouseholdMove {
  seq: number;
  at: string;
  operator: string;
  residentId: string;
  residentName: string;
  direction: 'in' | 'out';
  /** the household on the other side of the move; null when the person had none or left to none */
  otherName: string | null;
}

const uuid = z.string().uuid({ message: '编号格式不正确' });

export const deskContract = {
  'households.membership': method<{ items: Membership[] }>()(
    z.object({ residentIds: z.array(uuid).max(50) }),
  ),
  'households.history': method<{ items: HouseholdMove[] }>()(z.object({ id: uuid })),
};
