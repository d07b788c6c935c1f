// What each kind of ledger can hold: its columns (with the Chinese headers communities actually use, so a
// column is recognised without the assistant mapping it) and its field groups, the unit in which an
// import's differences are shown and kept or overwritten. Headers are data here, never logic elsewhere.

export const LEDGER_KINDS = ['residents', 'households', 'employers', 'register', 'vacancies'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export interface LedgerField {
  key: string;
  /** The header the standard ledger uses, and how the wizard names the field. */
  label: string;
  /** Other headers seen in community ledgers for the same thing (compared after normalising). */
  aliases: readonly string[];
  required?: boolean;
}

export interface LedgerGroup {
  key: string;
  label: string;
  /** Fields of the stored record (not columns) that change together. */
  fields: readonly string[];
}

export interface KindSpec {
  kind: LedgerKind;
  title: string;
  /** The column that identifies a row's record: an ID number, a credit code. */
  keyField: string;
  fields: readonly LedgerField[];
  groups: readonly LedgerGroup[];
}

/** Headers that are recognised but never imported: row numbers, and values derived from the ID number. */
export const IGNORED_FIELD = '_ignore';
const ignored: LedgerField = {
  key: IGNORED_FIELD,
  label: '（不导入）',
  aliases: [
    '序号',
    '编号',
    'no',
    'no.',
    '行号',
    '年龄',
    '所在社区',
    '社区',
    '街道',
    '所属街道',
    '所属社区',
    '拒绝原因',
    '原行号',
  ],
};

const f = (key: string, label: string, aliases: string[] = [], required = false): LedgerField =>
  required ? { key, label, aliases, required } : { key, label, aliases };

const residents: KindSpec = {
  kind: 'residents',
  title: '居民（六清）',
  keyField: 'idNumber',
  fields: [
    f('name', '姓名', ['居民姓名', '名字', '人员姓名', '求职人员姓名'], true),
    f('idNumber', '身份证号码', ['身份证号', '公民身份号码', '身份证', '证件号码', '身份证件号码'], true),
    f('sex', '性别'),
    f('birthDate', '出生日期', ['出生年月', '出生年月日', '生日']),
    f('phone', '联系电话', ['电话', '手机', '手机号码', '联系方式', '电话号码', '手机号']),
    f('hukouType', '户籍性质', ['户口性质', '户籍类型', '户口类型', '户籍类别']),
    f('address', '现住址', ['家庭住址', '居住地址', '住址', '地址', '现居住地址', '居住地']),
    f('householdRelation', '与户主关系', ['户主关系', '家庭关系']),
    f('landlessFarmer', '失地农民', ['是否失地农民']),
    f('disabilityLevel', '残疾等级', ['残疾情况', '残疾']),
    f('subsistence', '低保低边', ['低保', '是否低保', '低保情况', '低保/低边', '困难类别']),
    f('veteran', '退役军人', ['是否退役军人']),
    f('singleParent', '单亲家庭', ['是否单亲', '单亲']),
    f('releasedOrRehab', '刑释戒毒', ['刑满释放', '戒毒康复', '刑释解教']),
    f('graduateYear', '毕业年份', ['高校毕业年份', '毕业时间', '毕业年月']),
    f('note', '备注', ['说明']),
    f('surveyDate', '调查日期', ['登记日期', '采集日期', '确认日期', '更新日期', '走访日期']),
    f('u.status', '就业状况', ['就业状态', '就业情况', '失业状况', '是否就业']),
    f('u.since', '失业时间', ['失业日期', '失业起始时间', '失业起始日期']),
    f('u.registered', '失业登记', ['是否失业登记', '是否登记失业', '失业登记情况']),
    f('u.reason', '失业原因'),
    f('skills', '技术特长', ['技能特长', '特长', '专业技能', '职业技能', '技能', '技术特长清']),
    f('training', '培训需求', ['培训意向', '培训需求清', '需求培训']),
    f('p.occupations', '择业意向', ['求职意向', '就业意向', '意向工种', '意向职业', '择业意向清']),
    f('p.industries', '意向行业'),
    f('p.area', '意向地点', ['就业地区', '意向区域', '意向工作地点']),
    f('p.hours', '工作时间要求', ['用工形式', '工作时间']),
    f('p.expectedWage', '期望工资', ['期望月薪', '期望收入', '期望薪资', '期望工资(元)']),
    f('i.householdSize', '家庭人口', ['家庭人数', '家庭成员数', '家庭人口数']),
    f('i.monthlyIncome', '家庭月收入', ['家庭收入', '月收入', '家庭月总收入', '家庭收入清']),
    f('o.result', '就业去向', ['就业结果', '就业结果清', '去向']),
    f('o.employer', '就业单位', ['工作单位', '现工作单位', '就业单位名称']),
    f('o.date', '就业时间', ['就业日期', '上岗时间', '上岗日期']),
    f('o.channel', '就业渠道', ['就业途径', '就业方式']),
    f('o.reasonNotYet', '未就业原因'),
    // each section's own confirmation date, as the standard 六清台账 writes it (so an export imports back)
    f('u.confirmedAt', '失业状况清确认日期'),
    f('skills.confirmedAt', '技术特长清确认日期'),
    f('training.confirmedAt', '培训需求清确认日期'),
    f('p.confirmedAt', '择业意向清确认日期'),
    f('i.confirmedAt', '家庭收入清确认日期'),
    f('o.confirmedAt', '就业结果清确认日期'),
    ignored,
  ],
  groups: [
    { key: 'name', label: '姓名', fields: ['name'] },
    { key: 'contact', label: '电话与住址', fields: ['phone', 'address'] },
    {
      key: 'profile',
      label: '户籍与困难情况',
      fields: [
        'hukouType',
        'householdRelation',
        'landlessFarmer',
        'disability',
        'subsistence',
        'veteran',
        'singleParent',
        'releasedOrRehab',
        'graduateYear',
      ],
    },
    { key: 'note', label: '备注', fields: ['note'] },
    { key: 'unemployment', label: '失业状况清', fields: ['unemployment'] },
    { key: 'skills', label: '技术特长清', fields: ['skills'] },
    { key: 'training', label: '培训需求清', fields: ['training'] },
    { key: 'preferences', label: '择业意向清', fields: ['preferences'] },
    { key: 'income', label: '家庭收入清', fields: ['income'] },
    { key: 'outcome', label: '就业结果清', fields: ['outcome'] },
  ],
};

const creditCode = f(
  'creditCode',
  '统一社会信用代码',
  ['信用代码', '社会信用代码', '统一代码', '社会统一信用代码'],
  true,
);

const employers: KindSpec = {
  kind: 'employers',
  title: '用人单位',
  keyField: 'creditCode',
  fields: [
    creditCode,
    f('name', '单位名称', ['企业名称', '用人单位', '用人单位名称', '单位', '名称'], true),
    f('industry', '所属行业', ['行业', '行业类别', '行业名称']),
    f('size', '企业规模', ['单位规模', '规模']),
    f('address', '单位地址', ['地址', '注册地址', '经营地址', '住所']),
    f('contactName', '联系人', ['联系人姓名']),
    f('contactPhone', '联系电话', ['电话', '联系方式', '手机']),
    f('contactRole', '联系人职务', ['职务']),
    ignored,
  ],
  groups: [
    { key: 'name', label: '单位名称', fields: ['name'] },
    { key: 'profile', label: '行业与规模', fields: ['industry', 'size'] },
    { key: 'address', label: '地址', fields: ['address'] },
    { key: 'contacts', label: '联系人', fields: ['contacts'] },
  ],
};

// The business/tax register extract (工商、税务): the fields the market-regulation and tax systems export.
const register: KindSpec = {
  kind: 'register',
  title: '工商税务登记名录',
  keyField: 'creditCode',
  fields: [
    creditCode,
    f('name', '企业名称', ['单位名称', '名称', '市场主体名称', '纳税人名称', '企业(机构)名称'], true),
    f('legalRep', '法定代表人', ['法人代表', '法定代表人姓名', '负责人', '经营者', '投资人', '法人']),
    f('address', '住所', ['经营场所', '注册地址', '地址', '住所(经营场所)', '生产经营地址']),
    f('industryCode', '行业代码', ['国民经济行业代码', '行业门类代码', '行业分类代码']),
    f('registeredOn', '成立日期', ['登记日期', '注册日期', '核准日期', '设立日期']),
    f('status', '登记状态', ['经营状态', '企业状态', '状态', '纳税人状态']),
    ignored,
  ],
  groups: [
    { key: 'name', label: '企业名称', fields: ['name'] },
    { key: 'address', label: '住所', fields: ['address'] },
    { key: 'industry', label: '行业代码', fields: ['industry'] },
    { key: 'legalRep', label: '法定代表人', fields: ['contacts'] },
    { key: 'registration', label: '登记信息（成立日期、状态）', fields: ['registration'] },
  ],
};

const households: KindSpec = {
  kind: 'households',
  title: '家庭',
  keyField: 'headIdNumber',
  fields: [
    f('headIdNumber', '户主身份证号码', ['户主身份证号', '户主身份证', '身份证号码', '身份证号'], true),
    f('headName', '户主姓名', ['户主', '姓名']),
    f('address', '家庭住址', ['住址', '地址', '现住址']),
    f('monthlyIncome', '家庭月收入', ['月收入', '家庭收入', '家庭月总收入']),
    f('subsistence', '低保低边', ['低保', '低保情况', '是否低保', '低保/低边']),
    f('members', '家庭成员身份证号码', ['成员身份证号码', '家庭成员身份证号', '成员身份证号']),
    f('note', '备注', ['说明']),
    ignored,
  ],
  groups: [
    { key: 'head', label: '户主姓名', fields: ['headName'] },
    { key: 'address', label: '家庭住址', fields: ['address'] },
    { key: 'income', label: '收入与低保', fields: ['monthlyIncome', 'subsistence'] },
    { key: 'note', label: '备注', fields: ['note'] },
    { key: 'members', label: '家庭成员', fields: ['members'] },
  ],
};

const vacancies: KindSpec = {
  kind: 'vacancies',
  title: '岗位',
  keyField: 'title',
  fields: [
    creditCode,
    f('employerName', '单位名称', ['企业名称', '用人单位', '招聘单位']),
    f('title', '岗位名称', ['招聘岗位', '岗位', '职位', '职位名称'], true),
    f('occupation', '工种', ['职业', '职业工种']),
    f('positions', '招聘人数', ['人数', '需求人数', '招聘数量'], true),
    f('wage', '工资待遇', ['薪资', '月薪', '工资', '薪酬']),
    f('wageMin', '最低工资', ['月薪下限', '工资下限']),
    f('wageMax', '最高工资', ['月薪上限', '工资上限']),
    f('requirements', '岗位要求', ['任职要求', '要求', '招聘条件']),
    f('validFrom', '开始日期', ['发布日期', '有效期起', '登记日期']),
    f('validTo', '截止日期', ['有效期至', '结束日期', '有效期止']),
    f('status', '岗位状态', ['状态']),
    ignored,
  ],
  groups: [
    { key: 'positions', label: '招聘人数', fields: ['positions'] },
    { key: 'wage', label: '工资', fields: ['wageMin', 'wageMax'] },
    { key: 'detail', label: '工种与要求', fields: ['occupation', 'requirements'] },
    { key: 'validity', label: '截止日期与状态', fields: ['validTo', 'status'] },
  ],
};

export const KIND_SPECS: Record<LedgerKind, KindSpec> = {
  residents,
  households,
  employers,
  register,
  vacancies,
};

export function fieldOf(kind: LedgerKind, key: string): LedgerField | undefined {
  return KIND_SPECS[kind].fields.find((x) => x.key === key);
}
