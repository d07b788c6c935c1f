// Rows of an employer list (the community's own book) and of the business/tax register extract (工商、税务):
// both identify the employer by its unified social credit code. The register also says whether the
// employer still exists; a deregistered or revoked one (注销、吊销) is flagged, never silently dropped.
import { parseCreditCode } from '../../validators/creditCode';
import { readChoice, readCodeText, readDate, text } from './cells';
import { put, RowReader, type BuildOptions, type Built, type Get } from './row';

export const SIZE_WORDS = [
  ['micro', ['微型', '微型企业', '微']],
  ['small', ['小型', '小型企业', '小']],
  ['medium', ['中型', '中型企业', '中']],
  ['large', ['大型', '大型企业', '大']],
] as const;

/** Register statuses that mean the employer no longer exists as a business. */
const GONE = /注销|吊销|撤销|歇业|终止/u;

export function isDeregistered(status: string | undefined): boolean {
  return !!status && GONE.test(status);
}

function readKey(r: RowReader): string {
  const raw = r.read('creditCode', (c) => readCodeText(c, '统一社会信用代码'));
  if (!raw) {
    r.fail('creditCode', '缺少统一社会信用代码');
    return '';
  }
  const p = parseCreditCode(raw);
  if (!p.ok) {
    r.fail('creditCode', p.error.message);
    return '';
  }
  return p.value.creditCode;
}

export function buildEmployer(get: Get, _opts: BuildOptions): Built {
  const r = new RowReader(get);
  const v: Record<string, unknown> = {};
  const key = readKey(r);
  const name = r.read('name', text(100));
  if (!name) r.fail('name', '缺少单位名称');
  else v.name = name;
  put(v, 'industry', r.read('industry', text(50)));
  put(
    v,
    'size',
    r.read('size', (c) => readChoice(c, SIZE_WORDS, '企业规模')),
  );
  put(v, 'address', r.read('address', text(200)));
  const contact = r.read('contactName', text(30));
  const phone = r.read('contactPhone', text(20));
  const role = r.read('contactRole', text(30));
  if (contact) {
    const c: Record<string, string> = { name: contact };
    if (phone) c.phone = phone;
    if (role) c.role = role;
    v.contacts = [c];
  } else if (phone || role) r.fail('contactName', '填写了联系电话或职务，但没有联系人姓名');
  if (r.issues.length) return { ok: false, issues: r.issues };
  return { ok: true, key, values: v };
}

export function buildRegisterEntry(get: Get, opts: BuildOptions): Built {
  const r = new RowReader(get);
  const v: Record<string, unknown> = {};
  const key = readKey(r);
  const name = r.read('name', text(100));
  if (!name) r.fail('name', '缺少企业名称');
  else v.name = name;
  put(v, 'address', r.read('address', text(200)));
  const industryCode = r.read('industryCode', text(50));
  put(v, 'industry', industryCode);
  const legalRep = r.read('legalRep', text(30));
  if (legalRep) v.contacts = [{ name: legalRep, role: '法定代表人' }];
  const registeredOn = r.read('registeredOn', readDate);
  if (registeredOn && registeredOn > opts.today)
    r.fail('registeredOn', `成立日期 ${registeredOn} 晚于今天（${opts.today}）`);
  const status = r.read('status', text(20));
  v.registration = {
    legalRep: legalRep ?? null,
    industryCode: industryCode ?? null,
    registeredOn: registeredOn ?? null,
    status: status ?? null,
    deregistered: isDeregistered(status),
  };
  if (r.issues.length) return { ok: false, issues: r.issues };
  return { ok: true, key, values: v };
}
