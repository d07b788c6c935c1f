// Handlers of cards.* (see shared/contract/cards.ts).
import type { cardsContract } from '../../shared/contract/cards';
import type { Handlers } from '../context';

export const cardsHandlers: Handlers<typeof cardsContract> = {};
