// A row of a household ledger: one household, found by its head's ID number (the head must already be a
// registered resident), with its address, income, subsistence status and the members' ID numbers.
import { parseIdNumber } from '../../validators/idNumber';
import { readChoice, readCodeText, readNumber, splitList, text } from './cells';
import { SUBSISTENCE_WORDS } from './residentRow';
import { put, RowReader, type BuildOptions, type Built, type Get } from './row';

export function buildHousehold(get: Get, _opts: BuildOptions): Built {
  const r = new RowReader(get);
  const v: Record<string, unknown> = {};
  let key = '';
  const head = r.read('headIdNumber', (c) => readCodeText(c, '户主身份证号码'));
  if (!head) r.fail('headIdNumber', '缺少户主身份证号码');
  else {
    const p = parseIdNumber(head);
    if (p.ok) key = p.value.idNumber;
    else r.fail('headIdNumber', `户主${p.error.message}`);
  }
  put(v, 'headName', r.read('headName', text(30)));
  put(v, 'address', r.read('address', text(200)));
  const income = r.read('monthlyIncome', (c) => readNumber(c, '家庭月收入'));
  if (income !== undefined && (income < 0 || income > 10_000_000))
    r.fail('monthlyIncome', `家庭月收入应在 0–10,000,000 元之间，当前为 ${income}`);
  else put(v, 'monthlyIncome', income);
  put(
    v,
    'subsistence',
    r.read('subsistence', (c) => readChoice(c, SUBSISTENCE_WORDS, '低保低边')),
  );
  put(v, 'note', r.read('note', text(500)));
  const members = r.read('members', text(2000));
  if (members !== undefined) {
    const ids: string[] = [];
    for (const raw of splitList(members.replace(/\s+/gu, '、'))) {
      const p = parseIdNumber(raw);
      if (!p.ok) {
        r.fail('members', `家庭成员身份证号“${raw}”有误：${p.error.message}`);
        break;
      }
      if (p.value.idNumber !== key && !ids.includes(p.value.idNumber)) ids.push(p.value.idNumber);
    }
    if (ids.length > 30) r.fail('members', `家庭成员最多 30 人，当前 ${ids.length} 人`);
    v.members = ids;
  }
  if (r.issues.length) return { ok: false, issues: r.issues };
  return { ok: true, key, values: v };
}
