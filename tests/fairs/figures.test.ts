// The employers and positions of a fair: each vacancy once, whichever communities bring its employer.
import { describe, expect, it } from 'vitest';
import { employerFigures } from '../../shared/domain/fairs/fair';

describe('employerFigures', () => {
  it('counts an employer brought twice with the same or fewer vacancies once, and distinct vacancies each', () => {
    expect(
      employerFigures([
        { employerId: 'e1', positions: 4, vacancyIds: ['v1'] },
        { employerId: 'e1', positions: 4, vacancyIds: ['v1'] }, // another community, same board vacancy
        { employerId: 'e2', positions: 9, vacancyIds: ['v2', 'v3'] },
        { employerId: 'e2', positions: 5, vacancyIds: ['v3'] }, // a subset of the entry above
        { employerId: 'e3', positions: 2, vacancyIds: ['v4'] },
        { employerId: 'e3', positions: 3, vacancyIds: ['v5'] }, // the same employer's other vacancy
      ]),
    ).toEqual({ employers: 3, positions: 4 + 9 + 2 + 3 });
  });
});
