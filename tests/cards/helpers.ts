// Small factories for the card tests: a station on a fixed clock and residents whose eligibility is known.
import type { InputOf, Contract } from '../../shared/contract';
import { ADMIN, newStation, type TestStation } from '../factories/station';
import { makeIdNumber, makeName, mulberry32, type Rng } from '../factories/people';

/** 2026-03-15 12:00 in China. */
export const NOON_2026_03_15 = new Date('2026-03-15T04:00:00Z');

export class Clock {
  constructor(public at: Date = NOON_2026_03_15) {}
  now = (): Date => this.at;
  set(iso: string): void {
    this.at = new Date(`${iso}T04:00:00Z`);
  }
}

export async function stationAt(
  clock: Clock,
  opts: { stationNumber?: number; dir?: string } = {},
): Promise<TestStation> {
  return newStation({ now: clock.now, ...opts });
}

type CreateInput = InputOf<Contract['residents.create']>;

export async function makeResident(
  s: TestStation,
  rng: Rng,
  opts: {
    sex?: 'M' | 'F';
    birthDate?: string;
    status?: 'employed' | 'unemployed' | 'flexible';
    since?: string;
  } & Partial<CreateInput> = {},
) {
  const { sex = 'F', birthDate = '1980-05-20', status = 'unemployed', since = '2025-01-10', ...rest } = opts;
  return s.call('residents.create', {
    name: makeName(rng, sex),
    idNumber: makeIdNumber(rng, { sex, birthDate, origin: 'hangzhou' }),
    unemployment: { status, since, confirmedAt: '2026-03-01' },
    ...rest,
  });
}

export const rng = (seed: number) => mulberry32(seed);

/** Sessions last 8 hours: after moving the clock by days, log in again and call with the new token. */
export async function loginAgain(s: TestStation): Promise<TestStation['call']> {
  const { token } = (await s.station.call('session.login', {
    username: ADMIN.username,
    password: ADMIN.password,
  })) as { token: string };
  return (method, input) => s.station.call(method, input, token) as never;
}
