// A grid as an .xlsx: the rows the grid's own list method answers for its current filter and sort, every
// one of them (paged through, not the 100 on screen), with the columns the grid shows in the order it shows
// them. Values are written in Chinese like printouts; ID numbers (and income) are masked unless the
// operator reveals them for this export, which is logged.
import { ApiError } from '../../../shared/errors';
import type { ExportGrid, FileOut } from '../../../shared/contract/ledgers';
import type { Household } from '../../../shared/domain/household';
import type { Employer, Vacancy } from '../../../shared/domain/employer';
import type { AssistanceCard } from '../../../shared/domain/assistance/card';
import { displayValue, LABELS, money, sixClearsWords, MASK } from '../../../shared/domain/ledgers/display';
import { evaluateSixClears } from '../../../shared/domain/sixClears';
import { ageOn } from '../../../shared/domain/dates';
import { maskIdNumber } from '../../../shared/validators/idNumber';
import type { Ctx } from '../../context';
import { clearsOf, listResidents, type ListInput } from '../../residents/repository';
import { ageBandLimits } from '../../residents/listExtras';
import { LIFECYCLE_WORDS, type Lifecycle } from '../../../shared/domain/lifecycle';
import { handlers } from '../../handlers';
import { writeXlsx } from '../xlsxOut';
import { chinaDateTime, logReveal, stampedName } from './common';

type Cell = string | number | null;
interface Column<T> {
  header: string;
  width?: number;
  value: (row: T, reveal: boolean) => Cell;
}

type ResidentRaw = Awaited<ReturnType<typeof listResidents>>['rows'][number];

const EMPLOYMENT_WORDS = { employed: '就业', flexible: '灵活就业', unemployed: '失业' } as const;

function residentColumns(ctx: Ctx): Record<string, Column<ResidentRaw>> {
  const state = (r: ResidentRaw) => evaluateSixClears(clearsOf(r), ctx.today, ctx.staleAfterDays);
  return {
    name: { header: '姓名', width: 10, value: (r) => r.name },
    idNumber: {
      header: '身份证号码',
      width: 21,
      value: (r, reveal) => (reveal ? r.id_number : maskIdNumber(r.id_number)),
    },
    sex: { header: '性别', width: 6, value: (r) => (r.sex === 'M' ? '男' : '女') },
    age: { header: '年龄', width: 6, value: (r) => ageOn(r.birth_date, ctx.today) },
    birthDate: { header: '出生日期', width: 12, value: (r) => r.birth_date },
    phone: { header: '联系电话', width: 14, value: (r) => r.phone },
    employment: {
      header: '就业状况',
      width: 8,
      value: (r) => {
        const status = clearsOf(r).unemployment?.status;
        return status ? EMPLOYMENT_WORDS[status] : null;
      },
    },
    address: { header: '住址', width: 30, value: (r) => r.address },
    lifecycle: {
      header: '人员状态',
      width: 16,
      value: (r) => {
        if (!r.lifecycle) return '在册';
        const l = JSON.parse(r.lifecycle) as Lifecycle;
        return `${LIFECYCLE_WORDS[l.state]} ${l.date}`;
      },
    },
    sixClears: { header: '六清', width: 28, value: (r) => sixClearsWords(state(r)) },
    lastConfirmed: { header: '最早确认日期', width: 12, value: (r) => state(r).oldestConfirmedAt },
    updatedAt: { header: '更新时间', width: 17, value: (r) => chinaDateTime(r.updated_at) },
  };
}

const householdColumns: Record<string, Column<Household>> = {
  address: { header: '家庭住址', width: 30, value: (h) => h.address },
  headName: { header: '户主', width: 10, value: (h) => h.headName },
  size: { header: '家庭人口', width: 8, value: (h) => h.size },
  monthlyIncome: {
    header: '家庭月收入',
    width: 12,
    value: (h, reveal) =>
      h.monthlyIncome === null
        ? null
        : reveal && typeof h.monthlyIncome === 'number'
          ? money(h.monthlyIncome)
          : MASK,
  },
  perCapitaIncome: {
    header: '人均月收入',
    width: 12,
    value: (h, reveal) =>
      h.perCapitaIncome === null
        ? null
        : reveal && typeof h.perCapitaIncome === 'number'
          ? money(h.perCapitaIncome)
          : MASK,
  },
  subsistence: {
    header: '低保低边',
    width: 8,
    value: (h) => LABELS.subsistence[h.subsistence] ?? h.subsistence,
  },
  zeroEmployment: { header: '零就业家庭', width: 10, value: (h) => (h.zeroEmployment ? '是' : '否') },
  updatedAt: { header: '更新时间', width: 17, value: (h) => chinaDateTime(h.updatedAt) },
};

const employerColumns: Record<string, Column<Employer>> = {
  name: { header: '单位名称', width: 30, value: (e) => e.name },
  creditCode: { header: '统一社会信用代码', width: 21, value: (e) => e.creditCode },
  industry: { header: '所属行业', width: 12, value: (e) => e.industry },
  size: { header: '企业规模', width: 8, value: (e) => displayValue('size', e.size) },
  address: { header: '单位地址', width: 30, value: (e) => e.address },
  contacts: { header: '联系人', width: 24, value: (e) => displayValue('contacts', e.contacts) },
  openPositions: { header: '在招岗位数', width: 10, value: (e) => e.openPositions },
  updatedAt: { header: '更新时间', width: 17, value: (e) => chinaDateTime(e.updatedAt) },
};

function wage(v: Vacancy): string {
  if (v.wageMin === null && v.wageMax === null) return '面议';
  if (v.wageMin !== null && v.wageMax !== null) return `${v.wageMin}-${v.wageMax}`;
  return v.wageMin !== null ? `${v.wageMin}以上` : `${v.wageMax}以下`;
}
const vacancyColumns: Record<string, Column<Vacancy>> = {
  title: { header: '岗位名称', width: 18, value: (v) => v.title },
  employerName: { header: '单位名称', width: 28, value: (v) => v.employerName },
  positions: { header: '招聘人数', width: 8, value: (v) => v.positions },
  wage: { header: '工资待遇', width: 14, value: wage },
  valid: { header: '有效期', width: 24, value: (v) => `${v.validFrom} ~ ${v.validTo}` },
  status: {
    header: '岗位状态',
    width: 10,
    value: (v) => (v.expired ? '已过期' : (LABELS.vacancyStatus[v.status] ?? v.status)),
  },
  occupation: { header: '工种', width: 12, value: (v) => v.occupation },
  requirements: { header: '岗位要求', width: 30, value: (v) => v.requirements },
};

type CardRow = AssistanceCard & { fullId?: string };
const cardColumns: Record<string, Column<CardRow>> = {
  cardNumber: { header: '卡号', width: 28, value: (c) => c.cardNumber },
  holder: { header: '姓名', width: 10, value: (c) => c.holderName },
  idNumber: {
    header: '身份证号码',
    width: 21,
    value: (c, reveal) => (reveal && c.fullId ? c.fullId : c.holderIdNumber),
  },
  categories: { header: '援助对象类别', width: 30, value: (c) => c.categories.map((x) => x.name).join('、') },
  status: { header: '状态', width: 8, value: (c) => LABELS.cardStatus[c.status] ?? c.status },
  issuedOn: { header: '发放日期', width: 12, value: (c) => c.issuedOn },
  issuedBy: { header: '发放人', width: 10, value: (c) => c.issuedBy },
};

const PAGE = 500;
const RESIDENT_PAGE = 5_000;

/** Every item a list handler answers for `query`, page by page (the handler's own order). */
async function* everything<T>(ctx: Ctx, method: string, query: object): AsyncGenerator<T> {
  const fn = (
    handlers as unknown as Record<string, (i: unknown, c: Ctx) => Promise<{ items: T[]; total: number }>>
  )[method]!;
  for (let offset = 0; ; offset += PAGE) {
    const { items, total } = await fn({ ...query, offset, limit: PAGE }, ctx);
    yield* items;
    if (offset + PAGE >= total || items.length === 0) return;
  }
}

async function* residents(ctx: Ctx, query: Omit<ListInput, 'offset' | 'limit'>): AsyncGenerator<ResidentRaw> {
  const view = { today: ctx.today, staleAfterDays: ctx.staleAfterDays };
  const bands = query.filter?.ageBand ? await ageBandLimits(ctx.db, ctx.today) : undefined;
  for (let offset = 0; ; offset += RESIDENT_PAGE) {
    const { rows, total } = await listResidents(
      ctx.db,
      { ...query, offset, limit: RESIDENT_PAGE },
      view,
      bands,
    );
    yield* rows;
    if (offset + RESIDENT_PAGE >= total || rows.length === 0) return;
  }
}

async function* withFullIds(
  ctx: Ctx,
  cards: AsyncGenerator<AssistanceCard>,
  reveal: boolean,
): AsyncGenerator<CardRow> {
  for await (const c of cards) {
    if (!reveal) {
      yield c;
      continue;
    }
    const r = await ctx.db
      .selectFrom('residents')
      .select('id_number')
      .where('id', '=', c.residentId)
      .executeTakeFirst();
    yield { ...c, fullId: r?.id_number };
  }
}

const TITLES: Record<ExportGrid, string> = {
  residents: '居民',
  households: '家庭',
  employers: '用人单位',
  vacancies: '岗位',
  cards: '援助卡',
};

export interface GridExportInput {
  grid: ExportGrid;
  query: Record<string, unknown>;
  columns: string[];
  reveal: boolean;
}

async function build<T>(
  defs: Record<string, Column<T>>,
  ids: readonly string[],
  rows: AsyncIterable<T>,
  reveal: boolean,
  title: string,
  ctx: Ctx,
): Promise<FileOut> {
  const chosen = ids.filter((id) => id in defs).map((id) => defs[id]!);
  if (!chosen.length) throw new ApiError('invalid_input', '没有可导出的列');
  async function* values() {
    for await (const r of rows) yield chosen.map((c) => c.value(r, reveal));
  }
  const out = await writeXlsx({
    name: title,
    columns: chosen.map((c) => ({ header: c.header, width: c.width ?? 14 })),
    rows: values(),
  });
  return { fileName: stampedName(title, ctx.today), base64: out.base64, rows: out.rows };
}

export async function exportGrid(ctx: Ctx, input: GridExportInput): Promise<FileOut> {
  const title = TITLES[input.grid];
  let out: FileOut;
  switch (input.grid) {
    case 'residents':
      out = await build(
        residentColumns(ctx),
        input.columns,
        residents(ctx, input.query as never),
        input.reveal,
        title,
        ctx,
      );
      break;
    case 'households':
      out = await build(
        householdColumns,
        input.columns,
        everything<Household>(ctx, 'households.list', input.query),
        input.reveal,
        title,
        ctx,
      );
      break;
    case 'employers':
      out = await build(
        employerColumns,
        input.columns,
        everything<Employer>(ctx, 'employers.list', input.query),
        input.reveal,
        title,
        ctx,
      );
      break;
    case 'vacancies':
      out = await build(
        vacancyColumns,
        input.columns,
        everything<Vacancy>(ctx, 'vacancies.list', input.query),
        input.reveal,
        title,
        ctx,
      );
      break;
    case 'cards':
      out = await build(
        cardColumns,
        input.columns,
        withFullIds(ctx, everything<AssistanceCard>(ctx, 'cards.list', input.query), input.reveal),
        input.reveal,
        title,
        ctx,
      );
      break;
  }
  if (input.reveal) await logReveal(ctx, `grid:${input.grid}`, out.rows);
  return out;
}
