// Small factories for the matching tests: an employer, an ID number of a given birth date.
import { idCheckCharacter } from '../../shared/validators/idNumber';
import { creditCheckCharacter } from '../../shared/validators/creditCode';
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
