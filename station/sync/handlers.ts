// Handlers of sync.* (see shared/contract/sync.ts).
import type { syncContract } from '../../shared/contract/sync';
import type { Handlers } from '../context';

export const syncHandlers: Handlers<typeof syncContract> = {};
