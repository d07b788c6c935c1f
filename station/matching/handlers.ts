// The handlers of shared/contract/matching.ts, gathered from their parts.
import type { matchingContract } from '../../shared/contract/matching';
import type { Handlers } from '../context';
import { searchVocabulary } from './vocabulary';
import { recommendationHandlers } from './recommendations';

type C = typeof matchingContract;

export const matchingHandlers: Handlers<C> = {
  ...recommendationHandlers,
  async 'reference.occupations'(input, ctx) {
    return { items: await searchVocabulary(ctx.db, 'occupations', input) };
  },
  async 'reference.industries'(input, ctx) {
    return { items: await searchVocabulary(ctx.db, 'industries', input) };
  },
};
