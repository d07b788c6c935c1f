// Handlers of reference.policies and subsidies.* (see shared/contract/policy.ts).
import type { policyContract } from '../../shared/contract/policy';
import type { Handlers } from '../context';
import { policyHandlers } from './subsidies';

export const policyAllHandlers: Handlers<typeof policyContract> = { ...policyHandlers };
