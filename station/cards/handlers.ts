// Handlers of cards.*, plans.* and reference.assistanceCategories (see shared/contract/cards.ts), one file
// per job: cards and contact cards, the holder's plan, printing.
import type { cardsContract } from '../../shared/contract/cards';
import type { Handlers } from '../context';
import { cardHandlers } from './cardHandlers';
import { planHandlers } from './plans';
import { printHandlers } from './print';

export const cardsHandlers: Handlers<typeof cardsContract> = {
  ...cardHandlers,
  ...planHandlers,
  ...printHandlers,
};
