// The other kinds of ledger: employers from the business/tax register extract (by credit code, deregistered
// ones flagged), the community's employer list, households found through their head, and vacancies found
// through their employer — each refusing what only the database can see is wrong.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newStation, type TestStation } from '../factories/station';
import { creditCodeFor, idFor, importFile, previewFile, rejections, xlsx } from './helpers';

let ts: TestStation;
beforeEach(async () => {
  ts = await newStation();
});
afterEach(async () => {
  await ts.close();
});

describe('business and tax register extract', () => {
  it('creates and updates employers by credit code and flags the deregistered ones', async () => {
    const existing = await ts.call('employers.create', {
      creditCode: creditCodeFor(1),
      name: '景昙贸易有限公司',
      address: '旧地址',
      contacts: [{ name: '孙经理', phone: '13800000001' }],
    });
    const file = await xlsx([
      ['统一社会信用代码', '企业名称', '法定代表人', '住所', '行业代码', '成立日期', '登记状态'],
      [
        creditCodeFor(1),
        '景昙贸易有限公司',
        '赵一',
        '凯旋路 8 号',
        'F5191',
        '2015-03-02',
        '存续（在营、开业、在册）',
      ],
      [creditCodeFor(2), '凯旋餐饮店', '钱二', '凯旋路 9 号', 'H6210', 42370, '注销'],
      [creditCodeFor(3), '某某科技有限公司', '孙三', null, 'I6510', '2021/7/1', '吊销，未注销'],
      [creditCodeFor(4).slice(0, 17) + 'Z', '错码公司', null, null, null, null, '存续'],
    ]);
    const p = await previewFile(ts, 'register', '工商登记名录.xlsx', file);
    expect(p.inspect.columns.map((c) => c.field)).toEqual([
      'creditCode',
      'name',
      'legalRep',
      'address',
      'industryCode',
      'registeredOn',
      'status',
    ]);
    expect(p.preview.counts).toMatchObject({ created: 2, updated: 1, rejected: 1, flagged: 2 });
    const created = await ts.call('ledgers.previewRows', { batchId: p.batchId, action: 'create' });
    expect(created.items.map((r) => [r.name, r.flag])).toEqual([
      ['凯旋餐饮店', 'deregistered'],
      ['某某科技有限公司', 'deregistered'],
    ]);
    expect((await rejections(ts, p.batchId))[0]!.issues[0]!.reason).toContain(
      '统一社会信用代码第 18 位“Z”不合法',
    );
    await ts.call('ledgers.commit', { batchId: p.batchId });

    const updated = await ts.call('employers.get', { id: existing.id });
    expect(updated).toMatchObject({
      address: '凯旋路 8 号',
      industry: 'F5191',
      contacts: [
        { name: '孙经理', phone: '13800000001' },
        { name: '赵一', role: '法定代表人' },
      ],
    });
    const regs = await ts.station.db
      .selectFrom('employer_registrations')
      .selectAll()
      .orderBy('credit_code')
      .execute();
    expect(regs.map((r) => [r.credit_code, r.registered_on, r.deregistered])).toEqual([
      [creditCodeFor(1), '2015-03-02', 0],
      [creditCodeFor(2), '2016-01-01', 1],
      [creditCodeFor(3), '2021-07-01', 1],
    ]);

    // a new extract: the legal representative changed; undo puts the earlier register facts back
    const again = await importFile(
      ts,
      'register',
      '工商登记名录-新.xlsx',
      await xlsx([
        ['统一社会信用代码', '企业名称', '法定代表人', '登记状态'],
        [creditCodeFor(1), '景昙贸易有限公司', '周四', '注销'],
      ]),
    );
    expect(again.result.updated).toBe(1);
    expect((await ts.call('employers.get', { id: existing.id })).contacts[1]).toEqual({
      name: '周四',
      role: '法定代表人',
    });
    await ts.call('ledgers.undo', { batchId: again.batchId });
    const back = await ts.station.db
      .selectFrom('employer_registrations')
      .selectAll()
      .where('credit_code', '=', creditCodeFor(1))
      .executeTakeFirstOrThrow();
    expect([back.legal_rep, back.status, back.deregistered]).toEqual(['赵一', '存续（在营、开业、在册）', 0]);
    expect((await ts.call('employers.get', { id: existing.id })).contacts[1]).toEqual({
      name: '赵一',
      role: '法定代表人',
    });
  });
});

describe('employer list, households and vacancies', () => {
  it('imports the employer book with a contact, then its vacancies, refusing unknown employers', async () => {
    await importFile(
      ts,
      'employers',
      '用人单位.xlsx',
      await xlsx([
        ['单位名称', '统一社会信用代码', '所属行业', '企业规模', '联系人', '联系电话'],
        ['景昙物业', creditCodeFor(11), '物业管理', '小型', '吴经理', '0571-86001111'],
      ]),
    );
    const employer = (await ts.call('employers.search', { query: '景昙物业' })).items[0]!;
    expect(employer).toMatchObject({ size: 'small', contacts: [{ name: '吴经理', phone: '0571-86001111' }] });

    const p = await previewFile(
      ts,
      'vacancies',
      '岗位.xlsx',
      await xlsx([
        ['统一社会信用代码', '单位名称', '岗位名称', '招聘人数', '工资待遇', '截止日期'],
        [creditCodeFor(11), '景昙物业', '保安', 3, '3500-4500', '2099-12-31'],
        [creditCodeFor(12), '不存在的公司', '保洁', 2, '面议', '2099-12-31'],
        [creditCodeFor(11), '景昙物业', '电工', '若干', null, '2099-12-31'],
      ]),
    );
    expect(p.preview.counts).toMatchObject({ created: 1, rejected: 2 });
    const reasons = (await rejections(ts, p.batchId)).map((r) => r.issues[0]!.reason);
    expect(reasons).toEqual([
      `用人单位（统一社会信用代码 ${creditCodeFor(12)}）尚未登记：请先导入用人单位`,
      '招聘人数“若干”不是数字',
    ]);
    await ts.call('ledgers.commit', { batchId: p.batchId });
    const v = (await ts.call('vacancies.list', { employerId: employer.id })).items[0]!;
    expect(v).toMatchObject({
      title: '保安',
      positions: 3,
      wageMin: 3500,
      wageMax: 4500,
      status: 'open',
      validTo: '2099-12-31',
    });

    // the same vacancy again: an update of its positions, not a second vacancy
    const again = await importFile(
      ts,
      'vacancies',
      '岗位-二.xlsx',
      await xlsx([
        ['统一社会信用代码', '岗位名称', '招聘人数', '截止日期'],
        [creditCodeFor(11), '保安', 5, '2099-12-31'],
      ]),
    );
    expect(again.result).toMatchObject({ created: 0, updated: 1 });
    expect((await ts.call('vacancies.get', { id: v.id })).positions).toBe(5);
  });

  it('imports households through their registered head and links the members', async () => {
    await importFile(
      ts,
      'residents',
      '居民.xlsx',
      await xlsx([
        ['姓名', '身份证号码', '就业状况'],
        ['户主甲', idFor(1, '1970-01-01'), '失业'],
        ['成员乙', idFor(2, '1972-02-02'), '失业'],
      ]),
    );
    const p = await previewFile(
      ts,
      'households',
      '家庭.xlsx',
      await xlsx([
        ['户主姓名', '户主身份证号码', '家庭住址', '家庭月收入', '低保低边', '家庭成员身份证号码'],
        ['户主甲', idFor(1, '1970-01-01'), '景昙路 1 号', 1800, '低保', idFor(2, '1972-02-02')],
        ['无名氏', idFor(3, '1975-03-03'), '景昙路 2 号', 2000, null, null],
      ]),
    );
    expect(p.preview.counts).toMatchObject({ created: 1, rejected: 1 });
    expect((await rejections(ts, p.batchId))[0]!.issues[0]!.reason).toMatch(
      /^户主（身份证号 330104\*+\d{3}[\dX]）尚未登记为居民：请先导入居民台账$/,
    );
    await ts.call('ledgers.commit', { batchId: p.batchId });
    const h = (await ts.call('households.list', {})).items[0]!;
    expect(h).toMatchObject({
      headName: '户主甲',
      address: '景昙路 1 号',
      subsistence: 'dibao',
      size: 2,
      zeroEmployment: true,
    });
    expect(h.members.find((m) => m.name === '户主甲')?.relation).toBe('户主');
  });
});
