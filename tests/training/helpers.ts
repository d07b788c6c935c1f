// The hand-counted training scenario shared by the station and district tests. Two courses, six people:
//   养老护理员班 (杭州市职业技能培训中心, 2026-03-02..03-31): P1–P5 enrol, P1–P4 complete on 03-31.
//   保安员班 (江干区就业训练中心, 2026-03-10..04-10): P6 enrols and completes on 04-10.
// Hires: P1 through a recommendation on 05-10 (counts); P2 a recorded outcome on 09-30, the last day of the
// six months (counts); P3 a recorded outcome on 10-01, one day late (does not); P4 was placed on 02-01,
// before the course (does not); P6 through a recommendation on 04-20 (counts); P5 never completed.
// So over 2026: completed 5, employed 3 (60%); 养老护理员班 4 and 2 (50%); 江干区就业训练中心 1 and 1.
import type { Contract, InputOf, MethodName, OutputOf } from '../../shared/contract';
import { ApiError } from '../../shared/errors';
import { ADMIN, type TestStation } from '../factories/station';
import { creditCode, idNumberFor } from '../matching/helpers';

/** A station whose calls log in again when the moved clock has ended the session. */
export function desk(s: TestStation): Pick<TestStation, 'call'> {
  let token = s.token;
  return {
    async call<M extends MethodName>(method: M, input: InputOf<Contract[M]>): Promise<OutputOf<Contract[M]>> {
      try {
        return (await s.station.call(method, input, token)) as never;
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 'unauthorized')) throw e;
        token = (
          (await s.station.call('session.login', {
            username: ADMIN.username,
            password: ADMIN.password,
          })) as { token: string }
        ).token;
        return (await s.station.call(method, input, token)) as never;
      }
    },
  };
}

/** A clock the test moves: noon in China on the given day. */
export function movableClock(day: string) {
  let at = new Date(`${day}T04:00:00Z`);
  return {
    now: () => at,
    set(d: string) {
      at = new Date(`${d}T04:00:00Z`);
    },
  };
}

export const CARE = {
  name: '养老护理员（订单班）',
  kind: 'order',
  occupationCode: '4-10-01-05',
  provider: '杭州市职业技能培训中心',
  start: '2026-03-02',
  end: '2026-03-31',
  hours: 120,
  subsidyPerPerson: 1500,
} as const;
export const GUARD = {
  name: '保安员定向班',
  kind: 'directed',
  occupationCode: '4-07-05-01',
  provider: '江干区就业训练中心',
  start: '2026-03-10',
  end: '2026-04-10',
  hours: 80,
} as const;

export interface Scenario {
  care: { id: string };
  guard: { id: string };
  people: Array<{ id: string; name: string }>;
}

const NAMES = ['赵一梅', '钱二兰', '孙三芳', '李四英', '周五琴', '吴六强'];

/** Runs the scenario on one station; `clock` is moved as it goes (ends on 2026-10-15). */
export async function runScenario(
  s: Pick<TestStation, 'call'>,
  clock: ReturnType<typeof movableClock>,
): Promise<Scenario> {
  clock.set('2026-01-20');
  const people = [];
  for (let i = 0; i < 6; i++) {
    people.push(
      await s.call('residents.create', {
        name: NAMES[i]!,
        idNumber: idNumberFor(`19${80 + i}0${(i % 9) + 1}15`, 300 + i),
        training: { wants: true, courses: [i === 5 ? '保安' : '养老护理'], confirmedAt: '2026-01-20' },
      }),
    );
  }
  // P4 was placed before the course (an outcome dated 2026-02-01)
  clock.set('2026-02-20');
  await s.call('residents.update', {
    id: people[3]!.id,
    outcome: {
      result: 'placed',
      employer: '某超市',
      date: '2026-02-01',
      channel: '自谋',
      confirmedAt: '2026-02-20',
    },
  });
  clock.set('2026-03-01');
  const care = await s.call('training.courses.create', { ...CARE });
  const guard = await s.call('training.courses.create', { ...GUARD });
  for (let i = 0; i < 5; i++)
    await s.call('training.enrol', { courseId: care.id, residentId: people[i]!.id });
  await s.call('training.enrol', { courseId: guard.id, residentId: people[5]!.id });

  clock.set('2026-04-15');
  for (let i = 0; i < 4; i++)
    await s.call('training.complete', {
      courseId: care.id,
      residentId: people[i]!.id,
      date: '2026-03-31',
      certificate: { kind: 'skill_level', level: '五级/初级工', number: `S2026033100${i + 1}` },
    });
  await s.call('training.complete', { courseId: guard.id, residentId: people[5]!.id, date: '2026-04-10' });

  const employer = await s.call('employers.create', {
    creditCode: creditCode(),
    name: '杭州康乐养老服务有限公司',
    contacts: [{ name: '郑主任', phone: '0571-86005678' }],
  });
  const vacancy = await s.call('vacancies.create', {
    employerId: employer.id,
    title: '护理员',
    occupationCode: '4-10-01-05',
    positions: 5,
    validFrom: '2026-04-01',
    validTo: '2026-12-31',
  });
  const hire = async (p: { id: string }, day: string) => {
    clock.set(day);
    const { id } = await s.call('recommendations.create', { residentId: p.id, vacancyId: vacancy.id });
    await s.call('recommendations.update', { id, status: 'interviewed', date: day });
    await s.call('recommendations.update', { id, status: 'hired', date: day });
  };
  await hire(people[5]!, '2026-04-20');
  await hire(people[0]!, '2026-05-10');
  clock.set('2026-10-15');
  await s.call('residents.update', {
    id: people[1]!.id,
    outcome: {
      result: 'placed',
      employer: '某护理院',
      date: '2026-09-30',
      channel: '自谋',
      confirmedAt: '2026-10-15',
    },
  });
  await s.call('residents.update', {
    id: people[2]!.id,
    outcome: { result: 'flexible', date: '2026-10-01', channel: '自谋', confirmedAt: '2026-10-15' },
  });
  return { care, guard, people };
}
