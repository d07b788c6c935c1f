// Handlers of training.* (see shared/contract/training.ts): courses, enrolment to completion, the rate.
import type { trainingContract } from '../../shared/contract/training';
import type { Handlers } from '../context';
import { courseHandlers } from './courses';
import { enrolmentHandlers } from './enrolments';
import { rateHandlers } from './rate';

export const trainingHandlers: Handlers<typeof trainingContract> = {
  ...courseHandlers,
  ...enrolmentHandlers,
  ...rateHandlers,
};
