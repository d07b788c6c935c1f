// The preview: every data row of the sheet read once, streamed, in chunks — built into a record
// (shared/domain/ledgers), looked up among the station's records by its key, merged, checked whole, and
// staged (staging.ts) as created, updated (with its differences by field group), unchanged or rejected
// with row, column, value and reason. Nothing in the station database is written but the batch's summary.
import { ApiError } from '../../shared/errors';
import type { PreviewIssue, PreviewSummary } from '../../shared/contract/ledgers';
import { buildRow } from '../../shared/domain/ledgers/build';
import { cellText, cleanText, type Cell } from '../../shared/domain/ledgers/cells';
import { displayValue, maskIdsInText, valueLabel } from '../../shared/domain/ledgers/display';
import { columnLetter, headerKey, type HeaderColumn } from '../../shared/domain/ledgers/headers';
import { IGNORED_FIELD, KIND_SPECS, fieldOf, type LedgerKind } from '../../shared/domain/ledgers/kinds';
import { mergeRecord, stableJson } from '../../shared/domain/ledgers/merge';
import type { RowIssue } from '../../shared/domain/ledgers/row';
import { validateRecord } from '../../shared/domain/ledgers/validate';
import { maskIdNumber } from '../../shared/validators/idNumber';
import type { Executor } from '../db/schema';
import { getBatch, layoutOf, rememberMappings, setBatch, type StoredLayout } from './batches';
import { stagingPath } from './files';
import { openUpload, refuse } from './inspect';
import { CHUNK_ROWS } from './limits';
import { exclusive, setProgress } from './progress';
import { STORES } from './kinds';
import { Staging, type StagedRow } from './staging';
import { isBlankRow, readRows, type SheetRow } from './table';
import { FileRefused } from './zipGuard';

export interface PreviewInput {
  batchId: string;
  mapping: ReadonlyArray<{ index: number; field: string | null }>;
  remember: boolean;
}

const ID_FIELDS = new Set(['idNumber', 'headIdNumber', 'members']);
const INCOME_FIELDS = new Set(['i.monthlyIncome', 'monthlyIncome']);

/** The columns with the assistant's choices applied; refuses a mapping that cannot work. */
export function applyMapping(
  kind: LedgerKind,
  columns: readonly HeaderColumn[],
  mapping: PreviewInput['mapping'],
) {
  const chosen = new Map(mapping.map((m) => [m.index, m.field]));
  const out = columns.map((c) => {
    if (!chosen.has(c.index)) return c;
    const field = chosen.get(c.index) || null;
    // "do not import" for a column recognised as not imported (序号) is no change of mind
    const same = field === c.field || (field === null && c.field === IGNORED_FIELD);
    return same ? c : { ...c, field, source: null };
  });
  const used = new Map<string, HeaderColumn>();
  for (const c of out) {
    if (!c.field || c.field === IGNORED_FIELD) continue;
    const f = fieldOf(kind, c.field);
    if (!f) throw new ApiError('invalid_input', `未知的字段：${c.field}`);
    const other = used.get(c.field);
    if (other)
      throw new ApiError(
        'invalid_input',
        `“${f.label}”同时对应了第 ${columnLetter(other.index)} 列和第 ${columnLetter(c.index)} 列，请只选一列`,
      );
    used.set(c.field, c);
  }
  const missing = KIND_SPECS[kind].fields.filter((f) => f.required && !used.has(f.key));
  if (missing.length)
    throw new ApiError(
      'invalid_input',
      `请为必填项“${missing.map((f) => f.label).join('”、“')}”选择对应的列`,
      missing.map((f) => ({ path: f.key, message: `请为“${f.label}”选择一列` })),
    );
  return out;
}

function shownKey(kind: LedgerKind, key: string): string {
  if (kind === 'residents' || kind === 'households') return maskIdNumber(key);
  return key.replace('|', ' · ');
}

function rowName(kind: LedgerKind, values: Record<string, unknown>): string {
  const v = kind === 'households' ? values.headName : kind === 'vacancies' ? values.title : values.name;
  return typeof v === 'string' ? v : '';
}

class PreviewRun {
  readonly colOf = new Map<string, HeaderColumn>();
  /** Each mapped column's header as a repeated header row shows it (the last line of a merged one). */
  private readonly headerTails: Array<{ index: number; h: string }> = [];
  readonly seen = new Map<string, { rowNo: number; raw: string; issue?: boolean }>();
  readonly members = new Map<string, number>();
  readonly pending = new Map<number, StagedRow>();
  skipped = 0;
  total = 0;

  constructor(
    readonly db: Executor,
    readonly kind: LedgerKind,
    readonly columns: readonly HeaderColumn[],
    readonly staging: Staging,
    readonly today: string,
  ) {
    for (const c of columns) if (c.field && c.field !== IGNORED_FIELD) this.colOf.set(c.field, c);
    for (const c of this.colOf.values()) {
      const h = c.header.split('·').pop()!;
      if (h) this.headerTails.push({ index: c.index, h });
    }
  }

  mapped = (field: string) => this.colOf.has(field);

  issue(cells: readonly Cell[], i: RowIssue): PreviewIssue {
    const c = this.colOf.get(i.field);
    const raw = c ? cellText(cells[c.index] ?? null) : '';
    const value =
      INCOME_FIELDS.has(i.field) && raw ? '****' : ID_FIELDS.has(i.field) ? maskIdsInText(raw) : raw;
    return {
      column: c ? columnLetter(c.index) : '',
      header: c ? c.header : (fieldOf(this.kind, i.field)?.label ?? i.field),
      value: value.slice(0, 100),
      reason: i.reason,
    };
  }

  /** A repeated header (printed ledgers repeat it on every page) is skipped, not rejected. */
  repeatsHeader(cells: readonly Cell[]): boolean {
    let same = 0;
    for (const { index, h } of this.headerTails) if (cleanText(cells[index] ?? null) === h) same++;
    return same >= Math.max(2, Math.ceil(this.colOf.size / 2));
  }

  reject(row: SheetRow, issues: RowIssue[], key: string | null, name: string): StagedRow {
    return {
      rowNo: row.rowNo,
      action: 'reject',
      key,
      shownKey: key ? shownKey(this.kind, key) : '',
      name,
      targetId: null,
      targetStamp: null,
      values: null,
      groups: [],
      issues: issues.map((i) => this.issue(row.cells, i)),
      cells: row.cells.map(cellText),
      flag: null,
    };
  }

  /** A rejection of a row that is only known by its staged cell texts (an earlier row of the sheet). */
  issueFromTexts(texts: readonly string[], i: RowIssue): PreviewIssue {
    return this.issue(
      texts.map((t) => (t === '' ? null : t)),
      i,
    );
  }

  /**
   * A key already seen: an identical row is a repeat (the first stands, this one is rejected); a row that
   * differs contradicts the first, and both are rejected — the import cannot know which one is right.
   */
  async duplicate(row: SheetRow, key: string, raw: string): Promise<RowIssue | null> {
    const first = this.seen.get(key);
    if (!first) {
      this.seen.set(key, { rowNo: row.rowNo, raw });
      return null;
    }
    const spec = KIND_SPECS[this.kind];
    const field = this.kind === 'vacancies' ? 'title' : spec.keyField;
    const what =
      this.kind === 'vacancies' ? '单位和岗位名称' : (fieldOf(this.kind, spec.keyField)?.label ?? '关键字');
    if (first.raw === raw)
      return { field, reason: `与第 ${first.rowNo} 行重复（内容完全相同），按第 ${first.rowNo} 行导入` };
    if (!first.issue) {
      first.issue = true;
      const earlier = this.pending.get(first.rowNo) ?? (await this.staging.get(first.rowNo));
      if (earlier) {
        const issues = [
          ...earlier.issues,
          this.issueFromTexts(earlier.cells, {
            field,
            reason: `与第 ${row.rowNo} 行的${what}相同但内容不同，请核对后只保留一行`,
          }),
        ];
        if (this.pending.has(first.rowNo))
          this.pending.set(first.rowNo, { ...earlier, action: 'reject', values: null, groups: [], issues });
        else await this.staging.reject(first.rowNo, issues);
      }
    }
    return { field, reason: `与第 ${first.rowNo} 行的${what}相同但内容不同，请核对后只保留一行` };
  }

  /** A household member claimed by two rows would be moved between households by the second. */
  claimMembers(row: SheetRow, values: Record<string, unknown>): RowIssue | null {
    for (const m of (values.members as string[] | undefined) ?? []) {
      const other = this.members.get(m);
      if (other !== undefined && other !== row.rowNo)
        return {
          field: 'members',
          reason: `家庭成员（身份证号 ${maskIdNumber(m)}）也出现在第 ${other} 行的家庭中`,
        };
    }
    for (const m of (values.members as string[] | undefined) ?? []) this.members.set(m, row.rowNo);
    return null;
  }

  async chunk(rows: SheetRow[]): Promise<void> {
    const get = (row: SheetRow) => (field: string) => {
      const c = this.colOf.get(field);
      return c ? (row.cells[c.index] ?? null) : undefined;
    };
    const built = rows.map((row) => ({ row, b: buildRow(this.kind, get(row), { today: this.today }) }));
    const ok = built.flatMap((x) => (x.b.ok ? [{ key: x.b.key, values: x.b.values }] : []));
    const store = STORES[this.kind];
    const keys = [...new Set(ok.map((x) => x.key))];
    const existing = await store.load(this.db, keys);
    const checks = store.check ? await store.check(this.db, ok) : new Map<string, RowIssue[]>();
    for (const { row, b } of built) {
      if (!b.ok) {
        this.pending.set(row.rowNo, this.reject(row, b.issues, null, ''));
        continue;
      }
      const name = rowName(this.kind, b.values);
      const raw = stableJson(b.values);
      const dup = await this.duplicate(row, b.key, raw);
      const claim = dup ? null : this.kind === 'households' ? this.claimMembers(row, b.values) : null;
      const station = checks.get(b.key) ?? [];
      if (dup || claim || station.length) {
        this.pending.set(
          row.rowNo,
          this.reject(row, [...(dup ? [dup] : []), ...(claim ? [claim] : []), ...station], b.key, name),
        );
        if (!dup) this.seen.get(b.key)!.issue = true;
        continue;
      }
      const ex = existing.get(b.key);
      const merged = mergeRecord(this.kind, ex?.values ?? null, b.values, this.today);
      const issues = validateRecord(this.kind, b.key, merged.values, this.mapped);
      if (issues.length) {
        this.pending.set(row.rowNo, this.reject(row, issues, b.key, name));
        continue;
      }
      const registration = merged.values.registration as { deregistered?: boolean } | undefined;
      this.pending.set(row.rowNo, {
        rowNo: row.rowNo,
        action: ex ? (merged.groups.length ? 'update' : 'unchanged') : 'create',
        key: b.key,
        shownKey: shownKey(this.kind, b.key),
        name,
        targetId: ex?.id ?? null,
        targetStamp: ex?.stamp ?? null,
        values: merged.values,
        groups: ex
          ? merged.groups.map((g) => ({
              group: g.group,
              label: KIND_SPECS[this.kind].groups.find((x) => x.key === g.group)!.label,
              changes: g.changes.map((c) => ({
                field: c.field,
                label: valueLabel(c.field),
                old: displayValue(c.field, c.old),
                new: displayValue(c.field, c.new),
              })),
            }))
          : [],
        issues: [],
        cells: row.cells.map(cellText),
        flag: registration?.deregistered ? 'deregistered' : null,
      });
    }
    await this.staging.insert([...this.pending.values()]);
    this.pending.clear();
  }
}

export async function previewBatch(
  db: Executor,
  dataDir: string,
  today: string,
  input: PreviewInput,
): Promise<PreviewSummary> {
  const b = await getBatch(db, input.batchId);
  if (b.status !== 'inspected' && b.status !== 'previewed')
    throw new ApiError('conflict', b.status === 'committed' ? '该批次已导入' : '请先读取文件');
  const kind = b.kind as LedgerKind;
  const layout = layoutOf(b)!;
  const columns = applyMapping(kind, layout.columns, input.mapping);
  if (input.remember) {
    const changed = columns.filter((c, i) => c.field !== layout.columns[i]!.field);
    await rememberMappings(
      db,
      kind,
      changed.map((c) => ({ header: headerKey(c.header), field: c.field ?? '' })),
      new Date().toISOString(),
    );
  }
  return exclusive(
    b.id,
    () => new ApiError('conflict', '该批次正在处理中，请稍候'),
    async () => {
      const file = await openUpload(db, dataDir, b);
      const staging = await Staging.open(stagingPath(dataDir, b.id), true);
      const run = new PreviewRun(db, kind, columns, staging, today);
      setProgress(b.id, { phase: 'reading', done: 0, total: null });
      try {
        let buffer: SheetRow[] = [];
        for await (const row of readRows(file, b.sheet!)) {
          if (row.rowNo < layout.dataStart) continue;
          if (isBlankRow(row.cells) || run.repeatsHeader(row.cells)) {
            run.skipped++;
            continue;
          }
          run.total++;
          buffer.push(row);
          if (buffer.length >= CHUNK_ROWS) {
            await run.chunk(buffer);
            buffer = [];
            setProgress(b.id, { phase: 'reading', done: run.total, total: null });
          }
        }
        if (buffer.length) await run.chunk(buffer);
        const n = await staging.counts();
        const counts = {
          total: run.total,
          created: n.create,
          updated: n.update,
          unchanged: n.unchanged,
          rejected: n.reject,
          skipped: run.skipped,
          flagged: kind === 'register' ? await staging.flagged() : 0,
        };
        const groups: PreviewSummary['groups'] = [];
        for (const g of KIND_SPECS[kind].groups) {
          const rows = await staging.groupRows(g.key);
          if (rows) groups.push({ group: g.key, label: g.label, rows });
        }
        const stored: StoredLayout = { ...layout, columns };
        await setBatch(db, b.id, {
          status: 'previewed',
          layout: JSON.stringify(stored),
          counts: JSON.stringify({ ...counts, groups }),
        });
        setProgress(b.id, { phase: 'done', done: run.total, total: run.total });
        return { batchId: b.id, counts, groups };
      } catch (e) {
        setProgress(b.id, { phase: 'failed', done: run.total, total: null });
        if (e instanceof FileRefused) {
          await staging.close();
          return refuse(db, dataDir, b.id, e);
        }
        throw e;
      } finally {
        await staging.close().catch(() => undefined);
      }
    },
  );
}
