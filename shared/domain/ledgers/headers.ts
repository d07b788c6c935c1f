// Finding the header of a community ledger and recognising its columns. Real sheets open with a title row
// merged across the page, sometimes a two-level header (失业状况 over 就业状况 | 失业时间, 姓名 merged down two
// rows), and headers decorated with *, （必填）, units and line breaks. Pure: the station feeds the first rows.
import { cellText, type Cell } from './cells';
import { IGNORED_FIELD, KIND_SPECS, type LedgerKind } from './kinds';

/** How many rows from the top may hold the header. */
export const HEADER_SCAN_ROWS = 20;

/** Header text reduced to what identifies it: half-width, lower case, no spaces, marks or notes. */
export function normaliseHeader(raw: string): string {
  return raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\u3000]+/gu, '')
    .replace(/[*＊:：★☆]/gu, '')
    .replace(/[（(](必填|选填|必须填写|可选|非必填)[)）]/gu, '');
}

/** The same text without any bracketed note: 家庭月收入（元） → 家庭月收入. */
function withoutNotes(norm: string): string {
  return norm.replace(/[(（[【][^)）\]】]*[)）\]】]/gu, '');
}

export type MatchSource = 'remembered' | 'exact' | 'similar';

export interface Recognised {
  field: string;
  source: MatchSource;
}

/**
 * The field a header names. Remembered choices of this station come first (an empty field means "do not
 * import"); then an exact match with a label or alias; then the longest label or alias the header contains.
 */
export function recogniseHeader(
  kind: LedgerKind,
  header: string,
  remembered: ReadonlyMap<string, string> = new Map(),
  exactOnly = false,
): Recognised | null {
  const norm = normaliseHeader(header);
  if (norm === '') return null;
  const mem = remembered.get(norm);
  if (mem !== undefined) return { field: mem, source: 'remembered' };
  const bare = withoutNotes(norm);
  let best: { field: string; len: number } | null = null;
  for (const field of KIND_SPECS[kind].fields) {
    for (const name of [field.label, ...field.aliases]) {
      const n = normaliseHeader(name);
      if (n === norm || n === bare) return { field: field.key, source: 'exact' };
      if (!exactOnly && n.length >= 2 && bare.includes(n) && (!best || n.length > best.len))
        best = { field: field.key, len: n.length };
    }
  }
  return best ? { field: best.field, source: 'similar' } : null;
}

export interface HeaderColumn {
  /** 0-based column index in the sheet. */
  index: number;
  /** The header as shown in the file (both levels of a two-level header, joined by ·). */
  header: string;
  field: string | null;
  source: MatchSource | null;
}

export interface HeaderLayout {
  /** 1-based sheet row numbers of the header (one or two rows). */
  headerRows: number[];
  /** 1-based sheet row number of the first data row. */
  dataStart: number;
  columns: HeaderColumn[];
}

/** 'A', 'B', …, 'Z', 'AA' for a 0-based column index. */
export function columnLetter(index: number): string {
  let s = '';
  let n = index + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function headerTexts(row: readonly Cell[] | undefined): string[] {
  return (row ?? []).map((c) => cellText(c).trim());
}

/**
 * What a column's header is called, and the texts to try: for a two-level header the joined text first
 * for exact matches (户主 + 身份证号码), but the lower level first for similar ones, so 失业状况 above
 * 失业时间 does not read as 失业状况.
 */
function label(top: string, below: string | undefined): { show: string; exact: string[]; similar: string[] } {
  if (below === undefined || !below || !top) {
    const one = below || top;
    return { show: one, exact: [one], similar: [one] };
  }
  return { show: `${top}·${below}`, exact: [top + below, below, top], similar: [below, top + below, top] };
}

function columnsOf(
  kind: LedgerKind,
  top: string[],
  below: string[] | undefined,
  remembered: ReadonlyMap<string, string>,
): HeaderColumn[] {
  const width = Math.max(top.length, below?.length ?? 0);
  // a parent merged across several columns holds its text in the first one only: carry it right over the
  // columns that have a lower-level header of their own
  const parents = [...top];
  if (below)
    for (let i = 1; i < width; i++)
      if (!parents[i] && below[i] && below[i - 1] && parents[i - 1]) parents[i] = parents[i - 1]!;
  const out: HeaderColumn[] = [];
  for (let i = 0; i < width; i++) {
    const { show, exact, similar } = label(parents[i] ?? '', below ? (below[i] ?? '') : undefined);
    let rec: Recognised | null = null;
    for (const t of exact) if ((rec = recogniseHeader(kind, t, remembered, true))) break;
    if (!rec) for (const t of similar) if ((rec = recogniseHeader(kind, t, remembered))) break;
    out.push({ index: i, header: show, field: rec?.field ?? null, source: rec?.source ?? null });
  }
  return resolveDuplicates(out);
}

const RANK: Record<MatchSource, number> = { remembered: 0, exact: 1, similar: 2 };

/** A field goes to one column only: the remembered or exact match wins over a similar one, then the leftmost. */
function resolveDuplicates(cols: HeaderColumn[]): HeaderColumn[] {
  const winner = new Map<string, HeaderColumn>();
  for (const c of cols) {
    if (!c.field || c.field === IGNORED_FIELD) continue;
    const w = winner.get(c.field);
    if (!w || RANK[c.source!] < RANK[w.source!]) winner.set(c.field, c);
  }
  return cols.map((c) =>
    c.field && c.field !== IGNORED_FIELD && winner.get(c.field) !== c
      ? { ...c, field: null, source: null }
      : c,
  );
}

function score(cols: HeaderColumn[]): number {
  return cols.filter((c) => c.field && c.field !== IGNORED_FIELD).length;
}

/**
 * Picks the header among the first rows: the row (or pair of rows, for a two-level header) that names the
 * most known fields. A pair wins only when it recognises more than its upper row alone. With nothing
 * recognised the first non-empty row is the header, and the assistant maps the columns by hand.
 */
export function findHeader(
  kind: LedgerKind,
  rows: ReadonlyArray<{ rowNo: number; cells: readonly Cell[] }>,
  remembered: ReadonlyMap<string, string> = new Map(),
): HeaderLayout {
  const top = rows.slice(0, HEADER_SCAN_ROWS);
  const texts = top.map((r) => headerTexts(r.cells));
  const singles = texts.map((t) => columnsOf(kind, t, undefined, remembered));
  let best: { layout: HeaderLayout; score: number } | null = null;
  for (let i = 0; i < top.length; i++) {
    const r = top[i]!;
    if (texts[i]!.every((t) => t === '')) continue;
    const s1 = score(singles[i]!);
    if (!best || s1 > best.score)
      best = { score: s1, layout: { headerRows: [r.rowNo], dataStart: r.rowNo + 1, columns: singles[i]! } };
    const next = top[i + 1];
    if (next && next.rowNo === r.rowNo + 1) {
      const pair = columnsOf(kind, texts[i]!, texts[i + 1]!, remembered);
      const s2 = score(pair);
      // a pair must name more than either of its rows alone: a title above the header is not a header level
      if (s2 > Math.max(s1, score(singles[i + 1]!)) && s2 > best.score)
        best = {
          score: s2,
          layout: { headerRows: [r.rowNo, next.rowNo], dataStart: next.rowNo + 1, columns: pair },
        };
    }
  }
  return best?.layout ?? { headerRows: [], dataStart: 1, columns: [] };
}

/** The remembered-mapping key of a header as shown (both levels of a two-level header count). */
export function headerKey(header: string): string {
  return normaliseHeader(header.replace('·', ''));
}
