// The handlers of shared/contract/matching.ts, gathered from their parts.
import type { matchingContract } from '../../shared/contract/matching';
import type { Handlers } from '../context';
import { searchVocabulary } from './vocabulary';
import { recommendationHandlers } from './recommendations';
import { candidates, vacanciesFor } from './match';
import { worklistMatching } from './worklist';
import { visitHandlers } from './visits';
import { requireIdentity } from '../context';

type C = typeof matchingContract;

export const matchingHandlers: Handlers<C> = {
  ...recommendationHandlers,
  ...visitHandlers,
  async 'reference.occupations'(input, ctx) {
    return { items: await searchVocabulary(ctx.db, 'occupations', input) };
  },
  async 'reference.industries'(input, ctx) {
    return { items: await searchVocabulary(ctx.db, 'industries', input) };
  },
  async 'matching.candidates'(input, ctx) {
    const community = requireIdentity(ctx).communityCode;
    return { items: await candidates(ctx.db, input, { today: ctx.today, community }) };
  },
  async 'matching.vacancies'(input, ctx) {
    const community = requireIdentity(ctx).communityCode;
    return { items: await vacanciesFor(ctx.db, input, { today: ctx.today, community }) };
  },
  async 'worklist.matching'(input, ctx) {
    return worklistMatching(ctx, input.limit);
  },
};
