// The pure rules of ledger import (shared/domain/ledgers): reading cells, finding the header, turning a
// row into a record with reasons in Chinese, merging into what the station knows, and checking the whole.
import { describe, expect, it } from 'vitest';
import {
  readBool,
  readDate,
  readNumber,
  readCodeText,
  serialToIsoDate,
  type Cell,
} from '../../shared/domain/ledgers/cells';
import { columnLetter, findHeader, recogniseHeader } from '../../shared/domain/ledgers/headers';
import { buildRow } from '../../shared/domain/ledgers/build';
import { mergeRecord, applyChoices, stableJson } from '../../shared/domain/ledgers/merge';
import { validateRecord } from '../../shared/domain/ledgers/validate';
import { readWage } from '../../shared/domain/ledgers/vacancyRow';
import { maskIdsInText } from '../../shared/domain/ledgers/display';
import { idWith } from '../station/support';
import { creditCheckCharacter } from '../../shared/validators/creditCode';

const TODAY = '2026-03-01';
const get = (cells: Record<string, Cell>) => (f: string) => (f in cells ? cells[f]! : undefined);
const fullWidth = (s: string) => s.replace(/[0-9X]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

describe('cells', () => {
  it('reads dates as Excel serial numbers, date cells and text in five spellings', () => {
    expect(serialToIsoDate(45292)).toBe('2024-01-01');
    expect(readDate(45292)).toEqual({ ok: true, value: '2024-01-01' });
    expect(readDate({ date: '2024-02-29' })).toEqual({ ok: true, value: '2024-02-29' });
    for (const s of [
      '2024-1-5',
      '2024/01/05',
      '2024.1.5',
      '2024年1月5日',
      '20240105',
      '２０２４－０１－０５',
    ])
      expect(readDate(s)).toEqual({ ok: true, value: '2024-01-05' });
    expect(readDate('2024年5月')).toEqual({ ok: true, value: '2024-05-01' });
    expect(readDate('45292')).toEqual({ ok: true, value: '2024-01-01' });
    expect(readDate('2023-02-30')).toEqual({ ok: false, reason: '日期 2023-02-30 不存在' });
    expect(readDate('去年春天')).toMatchObject({ ok: false });
    expect(readDate(null)).toEqual({ ok: true, value: undefined });
  });

  it('reads ticks, amounts with units and full-width digits; names what it cannot read', () => {
    expect(readBool('√')).toEqual({ ok: true, value: true });
    expect(readBool('否')).toEqual({ ok: true, value: false });
    expect(readBool('也许')).toEqual({ ok: false, reason: '“也许”应为“是”或“否”' });
    expect(readNumber('3,500.00元')).toEqual({ ok: true, value: 3500 });
    expect(readNumber('４５００')).toEqual({ ok: true, value: 4500 });
    expect(readNumber('很多', '招聘人数')).toEqual({ ok: false, reason: '招聘人数“很多”不是数字' });
    expect(readNumber('6千')).toEqual({ ok: true, value: 6000 });
    expect(readNumber('1.2万元')).toEqual({ ok: true, value: 12000 });
    expect(readNumber('3千5')).toMatchObject({ ok: false });
    // income is shown masked: its refusal does not repeat it
    expect(readNumber('很多', '家庭月收入', { secret: true })).toEqual({
      ok: false,
      reason: '家庭月收入不是数字（应写成 3500 或 3,500元）',
    });
    expect(maskIdsInText('号码：３３０１０４１９８５０７０１５０２Ｘ。')).toBe(
      '号码：３３０１０４********５０２Ｘ。',
    );
    expect(maskIdsInText('330104198507015021 和 330104198507015038')).toBe(
      '330104********5021 和 330104********5038',
    );
  });

  it('refuses an ID number Excel stored as a number (its last digits are gone)', () => {
    const r = readCodeText(330104198001010000, '身份证号码');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('被 Excel 存成了数字');
  });

  it('reads wage ranges written in one cell', () => {
    expect(readWage('3000-4500元')).toEqual({ ok: true, value: { min: 3000, max: 4500 } });
    expect(readWage('4000以上')).toEqual({ ok: true, value: { min: 4000 } });
    expect(readWage('面议')).toEqual({ ok: true, value: undefined });
  });
});

describe('headers', () => {
  it('recognises the usual Chinese headers, with marks, notes and similar wording', () => {
    expect(recogniseHeader('residents', '身份证号码*')?.field).toBe('idNumber');
    expect(recogniseHeader('residents', '家庭月收入（元）')?.field).toBe('i.monthlyIncome');
    expect(recogniseHeader('residents', ' 联系 电话 ')?.field).toBe('phone');
    expect(recogniseHeader('residents', '居民联系电话')).toEqual({ field: 'phone', source: 'similar' });
    expect(recogniseHeader('employers', '统一社会信用代码')?.field).toBe('creditCode');
    expect(recogniseHeader('residents', '张三')).toBeNull();
    const remembered = new Map([
      ['身份证', 'idNumber'],
      ['电话', ''],
    ]);
    expect(recogniseHeader('residents', '电话', remembered)).toEqual({ field: '', source: 'remembered' });
  });

  it('finds a two-level header with merged cells below a title row', () => {
    const rows = [
      { rowNo: 1, cells: ['景昙社区六清台账'] as Cell[] },
      { rowNo: 2, cells: ['序号', '姓名', '身份证号码', '失业状况', null, '家庭月收入'] as Cell[] },
      { rowNo: 3, cells: [null, null, null, '就业状况', '失业时间', null] as Cell[] },
      { rowNo: 4, cells: [1, '张三', '330104198001010011', '失业', '2024-05', 3000] as Cell[] },
    ];
    const h = findHeader('residents', rows);
    expect(h.headerRows).toEqual([2, 3]);
    expect(h.dataStart).toBe(4);
    expect(h.columns.map((c) => c.field)).toEqual([
      '_ignore',
      'name',
      'idNumber',
      'u.status',
      'u.since',
      'i.monthlyIncome',
    ]);
    expect(h.columns[3]!.header).toBe('失业状况·就业状况');
  });

  it('gives a field to one column only, the exact header before a similar one', () => {
    const h = findHeader('residents', [{ rowNo: 1, cells: ['户主身份证号码', '身份证号码', '姓名'] }]);
    expect(h.columns.map((c) => c.field)).toEqual([null, 'idNumber', 'name']);
    expect(columnLetter(0)).toBe('A');
    expect(columnLetter(27)).toBe('AB');
  });
});

describe('resident rows', () => {
  const id = idWith('1980-01-01', '001');

  it('reads a full-width ID number and the six clears the sheet records', () => {
    const b = buildRow(
      'residents',
      get({
        name: '张 三',
        idNumber: fullWidth(id),
        sex: '男',
        phone: '138 0000 1234',
        hukouType: '农业',
        'u.status': '失业',
        'u.since': 45292,
        skills: '电工（中级）、焊工',
        training: '无',
        'i.householdSize': 3,
        'i.monthlyIncome': '6,000元',
        surveyDate: '2026-02-01',
      }),
      { today: TODAY },
    );
    expect(b.ok).toBe(true);
    if (!b.ok) return;
    expect(b.key).toBe(id);
    expect(b.values).toMatchObject({
      name: '张三',
      phone: '13800001234',
      hukouType: 'local_rural',
      unemployment: { status: 'unemployed', since: '2024-01-01' },
      skills: { items: [{ name: '电工', level: '中级' }, { name: '焊工' }] },
      training: { wants: false, courses: [] },
      income: { householdSize: 3, monthlyIncome: 6000 },
      confirmedAt: '2026-02-01',
    });
  });

  it('says which check failed and where, in Chinese', () => {
    const wrong = id.slice(0, 17) + (id.endsWith('1') ? '2' : '1');
    const b = buildRow(
      'residents',
      get({ name: '李四', idNumber: wrong, hukouType: '火星', 'u.since': '2024-13-01' }),
      { today: TODAY },
    );
    expect(b.ok).toBe(false);
    if (b.ok) return;
    const by = Object.fromEntries(b.issues.map((i) => [i.field, i.reason]));
    expect(by.idNumber).toContain('校验位错误');
    expect(by.hukouType).toContain('户籍性质“火星”不是可识别的代码');
    expect(by['u.since']).toBe('日期 2024-13-01 不存在');
  });

  it('checks sex and birth date columns against the ID number', () => {
    const b = buildRow('residents', get({ name: '王五', idNumber: id, sex: '女', birthDate: '1980-02-01' }), {
      today: TODAY,
    });
    expect(b.ok).toBe(false);
    if (b.ok) return;
    expect(b.issues.map((i) => i.field).sort()).toEqual(['birthDate', 'sex']);
  });
});

describe('merge and validate', () => {
  it('compares records by content: keys in any order, nested, as JSON would write them', () => {
    const a = { b: [1, { y: 'x', x: null }], a: '引号"与\\', c: undefined, d: true };
    const b = { d: true, a: '引号"与\\', b: [1, { x: null, y: 'x' }] };
    expect(stableJson(a)).toBe(stableJson(b));
    expect(stableJson(a)).toBe('{"a":"引号\\"与\\\\","b":[1,{"x":null,"y":"x"}],"d":true}');
    expect(JSON.parse(stableJson(a))).toEqual(JSON.parse(JSON.stringify(a)));
    expect(stableJson([undefined, Number.NaN, 2.5])).toBe('[null,null,2.5]');
    expect(stableJson({ a: [1, 2] })).not.toBe(stableJson({ a: [2, 1] }));
    expect(stableJson({ a: 1 })).not.toBe(stableJson({ a: '1' }));
  });

  it('completes a stored section, never clears with an empty cell, and keeps an unchanged confirmation', () => {
    const existing = {
      name: '张三',
      phone: '13800001234',
      address: '凯旋路 1 号',
      unemployment: {
        status: 'unemployed',
        since: '2023-01-01',
        registered: true,
        confirmedAt: '2025-01-01',
      },
      skills: { items: [{ name: '电工' }], confirmedAt: '2025-01-01' },
    };
    const m = mergeRecord(
      'residents',
      existing,
      {
        name: '张三',
        phone: '13900001234',
        unemployment: { status: 'employed' },
        skills: { items: [{ name: '电工' }] },
      },
      TODAY,
    );
    expect(m.values.address).toBe('凯旋路 1 号');
    expect(m.values.unemployment).toEqual({
      status: 'employed',
      since: '2023-01-01',
      registered: true,
      confirmedAt: TODAY,
    });
    expect(m.values.skills).toBe(existing.skills);
    expect(m.groups.map((g) => g.group)).toEqual(['contact', 'unemployment']);
    const kept = applyChoices(existing, m, (g) => g === 'unemployment');
    expect(kept.values.phone).toBe('13800001234');
    expect((kept.values.unemployment as { status: string }).status).toBe('employed');
  });

  it('asks for the household size when income is given, on the column the sheet has', () => {
    const m = mergeRecord('residents', null, { name: '张三', income: { monthlyIncome: 3000 } }, TODAY);
    const issues = validateRecord('residents', idWith('1980-01-01', '001'), m.values, (f) =>
      ['name', 'idNumber', 'i.monthlyIncome'].includes(f),
    );
    // the sheet has no household-size column, so the reason sits on the income column it does have
    expect(issues).toEqual([
      { field: 'i.monthlyIncome', reason: '家庭收入清：填写家庭月收入时须同时填写家庭人口' },
    ]);
  });

  it('flags a deregistered employer in the register extract', () => {
    const first17 = '91330104MA2H0000' + '1';
    const code = first17 + creditCheckCharacter(first17);
    const b = buildRow(
      'register',
      get({
        creditCode: code,
        name: '某某科技有限公司',
        legalRep: '赵六',
        status: '注销',
        registeredOn: '2015/3/2',
      }),
      { today: TODAY },
    );
    expect(b.ok).toBe(true);
    if (!b.ok) return;
    expect(b.values.registration).toEqual({
      legalRep: '赵六',
      industryCode: null,
      registeredOn: '2015-03-02',
      status: '注销',
      deregistered: true,
    });
    expect(b.values.contacts).toEqual([{ name: '赵六', role: '法定代表人' }]);
  });
});
