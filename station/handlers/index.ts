// Every handler of the contract, in one map. The type makes a method without a handler a compile error.
import type { Contract } from '../../shared/contract';
import type { Handlers } from '../context';
import { sessionHandlers } from './session';
import { worklistHandlers } from './worklist';
import { residentHandlers } from '../residents/handlers';
import { householdHandlers } from '../households/handlers';
import { employerHandlers } from '../employers/handlers';
import { syncHandlers } from '../sync/handlers';
import { cardsHandlers } from '../cards/handlers';
import { ledgersHandlers } from '../ledgers/handlers';
import { matchingHandlers } from '../matching/handlers';
import { backupsHandlers } from '../backups/handlers';
import { deliveryHandlers } from '../delivery/handlers';
import { reportsHandlers } from '../reports/handlers';
import { householdMoveHandlers } from '../households/moves';
import { policyAllHandlers } from '../policy/handlers';
import { trainingHandlers } from '../training/handlers';
import { fairsHandlers } from '../fairs/handlers';
import { contactHandlers } from './contacts';

export const handlers: Handlers<Contract> = {
  ...sessionHandlers,
  ...residentHandlers,
  ...householdHandlers,
  ...employerHandlers,
  ...worklistHandlers,
  ...syncHandlers,
  ...cardsHandlers,
  ...ledgersHandlers,
  ...matchingHandlers,
  ...backupsHandlers,
  ...deliveryHandlers,
  ...reportsHandlers,
  ...householdMoveHandlers,
  ...policyAllHandlers,
  ...trainingHandlers,
  ...fairsHandlers,
  ...contactHandlers,
};
