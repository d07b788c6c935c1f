// Handlers of ledgers.* (see shared/contract/ledgers.ts), one file per half: importing ledgers, and
// exporting grids and the standard ledgers.
import type { ledgersContract } from '../../shared/contract/ledgers';
import type { Handlers } from '../context';
import { importHandlers } from './importHandlers';
import { exportHandlers } from './exportHandlers';

export const ledgersHandlers: Handlers<typeof ledgersContract> = {
  ...importHandlers,
  ...exportHandlers,
};
