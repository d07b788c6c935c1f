// Small factories for the matching tests: an employer, an ID number of a given birth date.
import { idCheckCharacter } from '../../shared/validators/idNumber';
import { creditCheckCharacter } from '../../shared/validators/creditCode';
import { addDays } from '../../shared/domain/dates';
import type { TestStation } from '../factories/station';

let creditSeq = 0;
/** A valid unified social credit code, different on every call. */
export function creditCode(): string {
  creditSeq += 1;
  const first17 = `91330104${String(creditSeq).padStart(9, '0')}`;
  return first17 + creditCheckCharacter(first17);
}

/** A valid ID number of Hangzhou Jianggan (330104) born on `yyyymmdd`; `seq` 1–999 tells people apart. */
export function idNumberFor(yyyymmdd: string, seq: number): string {
  const first17 = `330104${yyyymmdd}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckCharacter(first17);
}

export async function newEmployer(s: TestStation, name = '杭州安居物业管理有限公司') {
  return s.call('employers.create', {
    creditCode: creditCode(),
    name,
    address: '凯旋路 100 号',
    contacts: [{ name: '赵经理', phone: '0571-86001234' }],
  });
}

/** A logistics employer of the bench's street and a maker of its open vacancies (a month old, half a year to
 * run), for the fair tests that bring vacancies of one employer. */
export async function logisticsEmployer(s: Pick<TestStation, 'call'>, today: string) {
  const employer = await s.call('employers.create', {
    creditCode: creditCode(),
    name: '杭州凯旋物流有限公司',
    contacts: [{ name: '联系人', phone: '13900001111' }],
  });
  const vacancy = (title: string, positions: number) =>
    s.call('vacancies.create', {
      employerId: employer.id,
      title,
      occupationCode: '4-07-05-01',
      positions,
      validFrom: addDays(today, -30),
      validTo: addDays(today, 180),
    });
  return { employer, vacancy };
}
