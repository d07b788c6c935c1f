// Values as the Chinese ledgers write them: for the import preview's differences and for exported and
// standard ledgers (documents are always Chinese, like printouts). Income is masked unless revealed.
import type { SixClearsState } from '../sixClears';

export const MASK = '****';

const HUKOU: Record<string, string> = {
  local_urban: '本地城镇',
  local_rural: '本地农村',
  nonlocal_urban: '外地城镇',
  nonlocal_rural: '外地农村',
};
const SUBSISTENCE: Record<string, string> = { none: '无', dibao: '低保', dibian: '低边' };
const STATUS: Record<string, string> = { employed: '就业', flexible: '灵活就业', unemployed: '失业' };
const RESULT: Record<string, string> = {
  placed: '已推荐就业',
  self_employed: '自主创业',
  flexible: '灵活就业',
  public_welfare: '公益性岗位',
  not_yet: '尚未就业',
};
const HOURS: Record<string, string> = { full_time: '全日制', part_time: '非全日制', flexible: '灵活' };
const SIZE: Record<string, string> = { micro: '微型', small: '小型', medium: '中型', large: '大型' };
const VACANCY_STATUS: Record<string, string> = { open: '招聘中', filled: '已招满', closed: '已关闭' };
const CARD_STATUS: Record<string, string> = { valid: '有效', replaced: '已换发', cancelled: '已注销' };
const SECTION_SHORT: Record<string, string> = {
  unemployment: '失业',
  skills: '技能',
  training: '培训',
  preferences: '意向',
  income: '收入',
  outcome: '结果',
};
const LEVEL = ['', '一级', '二级', '三级', '四级'];

export const LABELS = {
  hukou: HUKOU,
  subsistence: SUBSISTENCE,
  status: STATUS,
  result: RESULT,
  hours: HOURS,
  size: SIZE,
  vacancyStatus: VACANCY_STATUS,
  cardStatus: CARD_STATUS,
};

export function money(n: number | null | undefined): string {
  if (n === null || n === undefined) return '';
  return `¥${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

const yesNo = (b: unknown) => (b ? '是' : '否');
const join = (parts: Array<string | false | null | undefined>) => parts.filter(Boolean).join('，');

type Obj = Record<string, unknown>;

function section(field: string, s: Obj, maskIncome: boolean): string {
  switch (field) {
    case 'unemployment':
      return join([
        STATUS[String(s.status)] ?? '',
        !!s.since && `自 ${String(s.since)}`,
        s.registered === true && '已办理失业登记',
        !!s.reason && `原因：${String(s.reason)}`,
      ]);
    case 'skills': {
      const items = (s.items as Array<{ name: string; level?: string }>) ?? [];
      return items.length
        ? items.map((i) => (i.level ? `${i.name}（${i.level}）` : i.name)).join('、')
        : '无';
    }
    case 'training':
      return s.wants ? `需要：${((s.courses as string[]) ?? []).join('、') || '未定'}` : '无';
    case 'preferences':
      return join([
        ((s.occupations as string[]) ?? []).join('、'),
        ((s.industries as string[]) ?? []).length > 0 && `行业：${(s.industries as string[]).join('、')}`,
        !!s.area && `地点：${String(s.area)}`,
        !!s.hours && HOURS[String(s.hours)],
        typeof s.expectedWage === 'number' && `期望 ${money(s.expectedWage)}/月`,
      ]);
    case 'income':
      return join([
        s.householdSize != null && `${String(s.householdSize)} 人`,
        s.monthlyIncome != null && `月收入 ${maskIncome ? MASK : money(s.monthlyIncome as number)}`,
        !!s.subsistence && s.subsistence !== 'none' && SUBSISTENCE[String(s.subsistence)],
      ]);
    case 'outcome':
      return join([
        RESULT[String(s.result)] ?? '',
        !!s.employer && String(s.employer),
        !!s.date && String(s.date),
        !!s.channel && String(s.channel),
        !!s.reasonNotYet && `原因：${String(s.reasonNotYet)}`,
      ]);
    default:
      return JSON.stringify(s);
  }
}

/** One stored value as a ledger cell would show it; '' for nothing. */
export function displayValue(field: string, v: unknown, opts: { maskIncome?: boolean } = {}): string {
  const mask = opts.maskIncome ?? true;
  if (v === null || v === undefined || v === '') return '';
  if (field in SECTION_SHORT && typeof v === 'object') {
    const s = v as Obj;
    const body = section(field, s, mask);
    return s.confirmedAt ? `${body}（确认 ${String(s.confirmedAt)}）` : body;
  }
  switch (field) {
    case 'hukouType':
      return HUKOU[String(v)] ?? String(v);
    case 'subsistence':
      return SUBSISTENCE[String(v)] ?? String(v);
    case 'size':
      return SIZE[String(v)] ?? String(v);
    case 'status':
      return VACANCY_STATUS[String(v)] ?? String(v);
    case 'monthlyIncome':
      return mask ? MASK : money(v as number);
    case 'wageMin':
    case 'wageMax':
      return money(v as number);
    case 'disability': {
      const d = v as Obj;
      return join([typeof d.level === 'number' && LEVEL[d.level], !!d.kind && String(d.kind)]) || '有';
    }
    case 'contacts':
      return (v as Array<{ name: string; phone?: string; role?: string }>)
        .map((c) => `${c.name}${c.role ? `（${c.role}）` : ''}${c.phone ? ` ${c.phone}` : ''}`)
        .join('；');
    case 'registration': {
      const r = v as Obj;
      return join([
        !!r.status && String(r.status),
        !!r.registeredOn && `成立 ${String(r.registeredOn)}`,
        !!r.legalRep && `法定代表人 ${String(r.legalRep)}`,
        r.deregistered === true && '（已注销或吊销）',
      ]);
    }
    case 'members':
      return `${(v as unknown[]).length} 人`;
  }
  if (typeof v === 'boolean') return yesNo(v);
  if (Array.isArray(v)) return v.join('、');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** ✓ 六清, or what is missing and what needs checking again (the desk's words, in Chinese). */
export function sixClearsWords(s: SixClearsState): string {
  if (s.complete) return '✓ 六清';
  const parts: string[] = [];
  if (s.missing.length) parts.push(`缺：${s.missing.map((k) => SECTION_SHORT[k]).join('、')}`);
  if (s.stale.length) parts.push(`需复核：${s.stale.map((k) => SECTION_SHORT[k]).join('、')}`);
  return parts.join('；');
}

/**
 * Every 18-character ID number inside a text, masked like maskIdNumber (region and last four kept) — also
 * one typed with full-width digits (３３０１…), as a Chinese input method writes them into ledgers.
 */
export function maskIdsInText(text: string): string {
  return text.replace(
    /(?<![0-9０-９])([0-9０-９]{6})[0-9０-９]{8}([0-9０-９]{3}[0-9０-９XxＸｘ])(?![0-9０-９])/gu,
    '$1********$2',
  );
}

const VALUE_LABELS: Record<string, string> = {
  name: '名称',
  phone: '联系电话',
  address: '地址',
  hukouType: '户籍性质',
  householdRelation: '与户主关系',
  landlessFarmer: '失地农民',
  disability: '残疾等级',
  subsistence: '低保低边',
  veteran: '退役军人',
  singleParent: '单亲家庭',
  releasedOrRehab: '刑释戒毒',
  graduateYear: '毕业年份',
  note: '备注',
  unemployment: '失业状况清',
  skills: '技术特长清',
  training: '培训需求清',
  preferences: '择业意向清',
  income: '家庭收入清',
  outcome: '就业结果清',
  industry: '行业',
  size: '规模',
  contacts: '联系人',
  registration: '登记信息',
  headName: '户主姓名',
  monthlyIncome: '家庭月收入',
  members: '家庭成员',
  positions: '招聘人数',
  wageMin: '最低工资',
  wageMax: '最高工资',
  occupation: '工种',
  requirements: '岗位要求',
  validTo: '截止日期',
  status: '状态',
};

/** The Chinese name of a stored field in the preview's differences. */
export function valueLabel(field: string): string {
  return VALUE_LABELS[field] ?? field;
}
