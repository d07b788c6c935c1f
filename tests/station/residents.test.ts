// Registering a resident with the least a survey gives (name + ID number), what is derived from the ID
// number, masking and the logged reveal, and the quick search by characters, pinyin, ID digits and phone.
import { afterAll, beforeAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newStation, type TestStation } from '../factories/station';
import { createResident, idEndingWith, idWith, movableClock, rowCounts } from './support';

describe('registering a resident', () => {
  let s: TestStation;
  beforeEach(async () => {
    s = await newStation({ now: movableClock('2025-07-01T02:00:00Z').now });
  });
  afterEach(async () => {
    await s.close();
  });

  it('needs only a name and an ID number; birth date, sex and age come from the number', async () => {
    const r = await s.call('residents.create', { name: '陈静', idNumber: idWith('1990-03-15', '002') });
    expect(r).toMatchObject({
      name: '陈静',
      birthDate: '1990-03-15',
      sex: 'F',
      age: 35,
      phone: null,
      householdId: null,
      landlessFarmer: false,
      subsistence: 'none',
      communityCode: '330104005051',
      unemployment: null,
      outcome: null,
      idNumberMasked: true,
    });
    expect(r.sixClearsState).toEqual({
      complete: false,
      missing: ['unemployment', 'skills', 'training', 'preferences', 'income', 'outcome'],
      stale: [],
      oldestConfirmedAt: null,
    });
    expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('accepts a lower-case x and full-width digits, and stores the normalised number', async () => {
    const id = idEndingWith('1988-08-08', 'X');
    const fullWidth = [...id.toLowerCase()]
      .map((c) => (/\d/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c))
      .join('');
    const r = await s.call('residents.create', { name: '刘洋', idNumber: ` ${fullWidth} ` });
    const revealed = await s.call('residents.get', { id: r.id, reveal: true });
    expect(revealed.idNumber).toBe(id);
    const row = await s.station.db
      .selectFrom('residents')
      .select(['id_number', 'id_number_rev'])
      .where('id', '=', r.id)
      .executeTakeFirstOrThrow();
    expect(row.id_number).toBe(id);
    expect(row.id_number_rev).toBe([...id].reverse().join(''));
  });

  it('refuses a bad ID number with the check that failed, and writes nothing', async () => {
    const before = await rowCounts(s.station);
    const good = idWith('1990-03-15', '002');
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    await expect(s.call('residents.create', { name: '陈静', idNumber: wrongCheck })).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [{ path: 'idNumber', message: expect.stringContaining('校验位') }],
    });
    await expect(
      s.call('residents.create', { name: '陈静', idNumber: idWith('1999-02-30', '002').slice(0, 17) + '0' }),
    ).rejects.toMatchObject({
      issues: [{ path: 'idNumber', message: expect.stringContaining('1999-02-30') }],
    });
    await expect(s.call('residents.create', { name: '', idNumber: good })).rejects.toMatchObject({
      issues: expect.arrayContaining([expect.objectContaining({ path: 'name', message: '请填写姓名' })]),
    });
    expect(await rowCounts(s.station)).toEqual(before);
  });

  it('a list and a plain get mask the ID number; a reveal shows it and is logged without the number', async () => {
    const id = idWith('1990-03-15', '002');
    const r = await createResident(s, '陈静', id);
    expect(r.idNumber).toBe(`${id.slice(0, 6)}********${id.slice(14)}`);
    const plain = await s.call('residents.get', { id: r.id });
    expect(plain.idNumber).not.toBe(id);
    expect(plain.idNumberMasked).toBe(true);
    expect(await s.station.db.selectFrom('access_log').selectAll().execute()).toEqual([]);

    const me = await s.call('session.me', {});
    const revealed = await s.call('residents.get', { id: r.id, reveal: true });
    expect(revealed).toMatchObject({ idNumber: id, idNumberMasked: false });
    const log = await s.station.db.selectFrom('access_log').selectAll().execute();
    expect(log).toEqual([
      {
        id: 1,
        operator_id: me.operator.id,
        entity: 'residents',
        row_id: r.id,
        what: 'reveal_id_number',
        at: '2025-07-01T02:00:00.000Z',
      },
    ]);
    expect(JSON.stringify(log)).not.toContain(id.slice(6, 14));

    const { items } = await s.call('residents.list', { offset: 0, limit: 10 });
    expect(items[0]!.idNumber).toBe(r.idNumber);
    const history = await s.call('residents.history', { id: r.id });
    expect(JSON.stringify(history)).not.toContain(id);
  });

  it('a removed resident is gone from search and list, and the number can be registered again', async () => {
    const id = idWith('1990-03-15', '002');
    const r = await createResident(s, '陈静', id);
    await s.call('residents.remove', { id: r.id });
    expect((await s.call('residents.search', { query: '陈静' })).items).toEqual([]);
    expect((await s.call('residents.list', { offset: 0, limit: 10 })).total).toBe(0);
    await expect(s.call('residents.remove', { id: r.id })).rejects.toMatchObject({ code: 'not_found' });
    const again = await createResident(s, '陈静', id);
    expect(again.id).not.toBe(r.id);
  });
});

describe('quick search', () => {
  let s: TestStation;
  const ids = {
    zhangsan: idWith('1985-06-15', '011'),
    zhangsanfeng: idWith('1970-01-02', '013'),
    xiaozhang: idWith('1992-11-30', '015'),
    zeng: idWith('1980-02-29', '017'),
    shan: idWith('1975-04-04', '020'),
    xie: idWith('1966-09-09', '031'),
    lv: idWith('1999-12-12', '042'),
    x: idEndingWith('1993-07-07', 'X'),
    latin: idWith('1991-01-01', '051'),
    uyghur: idWith('1992-02-02', '053', '650102'),
  };
  const names: Record<keyof typeof ids, string> = {
    zhangsan: '张三',
    zhangsanfeng: '张三丰',
    xiaozhang: '小张',
    zeng: '曾小明',
    shan: '单丽',
    xie: '解放',
    lv: '吕芳',
    x: '钱多',
    latin: 'Li Lei',
    uyghur: '阿卜杜·热合曼',
  };
  beforeAll(async () => {
    s = await newStation({ now: movableClock('2025-07-01T02:00:00Z').now });
    for (const k of Object.keys(ids) as (keyof typeof ids)[])
      await createResident(
        s,
        names[k],
        ids[k],
        k === 'zhangsan' ? { phone: '13812345678' } : k === 'lv' ? { phone: '86001234' } : {},
      );
    // 30 more 王 so that limits have something to cut
    for (let i = 0; i < 30; i++)
      await createResident(
        s,
        `王${'一二三四五六七八九十'[i % 10]}${'甲乙丙'[Math.floor(i / 10)]}`,
        idWith('1980-01-01', String(100 + i * 2 + 1)),
      );
  });
  afterAll(async () => {
    await s.close();
  });
  const search = async (query: string, limit?: number) =>
    (await s.call('residents.search', limit === undefined ? { query } : { query, limit })).items.map(
      (r) => r.name,
    );

  it('by Chinese characters: exact first, then prefix, then contains', async () => {
    expect(await search('张三')).toEqual(['张三', '张三丰']);
    expect(await search('张三丰')).toEqual(['张三丰']);
    expect(await search('张')).toEqual(['张三', '张三丰', '小张']);
    expect(await search('三丰')).toEqual(['张三丰']);
    expect(await search('李')).toEqual([]);
  });

  it('by full pinyin and by initials, case-blind', async () => {
    expect(await search('zhangsan')).toEqual(['张三', '张三丰']);
    expect(await search('ZhangSanFeng')).toEqual(['张三丰']);
    expect(await search('zs')).toEqual(['张三', '张三丰']);
    expect(await search('ZSF')).toEqual(['张三丰']);
    expect(await search('lvfang')).toEqual(['吕芳']);
    expect(await search('lf')).toEqual(['吕芳']);
  });

  it('finds names written in Latin letters or with a middle dot', async () => {
    expect(await search('lilei')).toEqual(['Li Lei']);
    expect(await search('Li Lei')).toEqual(['Li Lei']);
    expect(await search('ll')).toEqual(['Li Lei']);
    expect(await search('abudu')).toEqual(['阿卜杜·热合曼']);
    expect(await search('热合曼')).toEqual(['阿卜杜·热合曼']);
  });

  it('reads polyphone surnames as surnames (曾 zeng, 单 shan, 解 xie)', async () => {
    expect(await search('zengxiaoming')).toEqual(['曾小明']);
    expect(await search('zxm')).toEqual(['曾小明']);
    expect(await search('ceng')).toEqual([]);
    expect(await search('shanli')).toEqual(['单丽']);
    expect(await search('danli')).toEqual([]);
    expect(await search('xiefang')).toEqual(['解放']);
    expect(await search('jiefang')).toEqual([]);
  });

  it('by full ID number, also typed with a lower-case x or spaces', async () => {
    expect(await search(ids.zeng)).toEqual(['曾小明']);
    expect(await search(ids.x.toLowerCase())).toEqual(['钱多']);
    expect(await search(`${ids.x.slice(0, 6)} ${ids.x.slice(6, 14)} ${ids.x.slice(14)}`)).toEqual(['钱多']);
  });

  it('by trailing ID digits: 4, 6, and ending with X', async () => {
    expect(await search(ids.zhangsan.slice(-4))).toEqual(['张三']);
    expect(await search(ids.shan.slice(-6))).toEqual(['单丽']);
    expect(await search(ids.x.slice(-4).toLowerCase())).toEqual(['钱多']);
    expect(await search(ids.x.slice(-3))).toContain('钱多');
    // the middle of a number is not its end
    expect(await search(ids.zhangsan.slice(6, 12))).toEqual([]);
  });

  it('by phone: a mobile, and a Hangzhou landline however it is typed', async () => {
    expect(await search('13812345678')).toEqual(['张三']);
    expect(await search('0571-86001234')).toEqual(['吕芳']);
    expect(await search('86001234')).toEqual(['吕芳']);
  });

  it('honours the limit (default 20, at most 100)', async () => {
    expect(await search('王')).toHaveLength(20);
    expect(await search('王', 5)).toHaveLength(5);
    expect(await search('w', 100)).toHaveLength(30);
    await expect(s.call('residents.search', { query: '王', limit: 101 })).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [{ path: 'limit' }],
    });
    await expect(s.call('residents.search', { query: '王', limit: 0 })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('takes SQL and GLOB wildcards as text', async () => {
    for (const q of [
      '%',
      '_',
      '*',
      '?',
      '[',
      ']',
      '[z]s',
      'z*',
      'z?',
      '张%',
      '张_',
      '%张',
      '1*',
      '3301*',
      '%1234',
      "'",
      '"',
      '\\',
      '\\%',
    ])
      expect(await search(q), q).toEqual([]);
  });

  it('an empty or blank query finds nothing rather than everything', async () => {
    expect(await search('')).toEqual([]);
    expect(await search('   ')).toEqual([]);
  });
});
