// Every pushed entry is checked with the registry's schemas (shared/sync/entities.ts) before it touches a
// row: a known entity (an own entry, never a property of Object.prototype), values of the right shape and
// size, well-formed text in every value (also the base values, which end up in conflict records). The
// reason goes back to the station in plain Chinese as a `rejected` verdict, and the station sets the entry
// aside for a person to see: nothing malformed reaches the community's log.
import { REGISTRY, columnProblem, entityLabel, isEntity } from '../../shared/sync/entities';
import { findIllFormedText, ILL_FORMED_MESSAGE } from '../../shared/sync/columns';
import type { PushEntry } from '../../shared/sync/protocol';
import { columnLabel } from '../../shared/sync/labels';

export { columnLabel };

/** Larger values than any column allows are refused before they are parsed any further. */
const MAX_VALUE_CHARS = 40_000;

/** Column verdicts already reached for a value (per entity and column: a value's problem or null). A push
 * batch meets the same community code, flags, sections and dates thousands of times; the schemas (zod) cost
 * ~10 µs a value, the most of a new row's CPU at the district. One memo lives for one batch only (a rule
 * that reads today's date, the id number's birth date, sees one moment per batch as before). */
export type ColumnMemo = Map<string, Map<unknown, string | null>>;

/** Larger texts are checked every time (the memo keeps what it met: small values only). */
const MEMO_MAX_CHARS = 4_000;

function memoisedColumnProblem(
  memo: ColumnMemo | undefined,
  entity: Parameters<typeof columnProblem>[0],
  field: string,
  value: unknown,
): string | null {
  const t = typeof value;
  const keep =
    memo !== undefined &&
    (t === 'number' || t === 'boolean' || (t === 'string' && (value as string).length <= MEMO_MAX_CHARS));
  if (!keep) return columnProblem(entity, field, value);
  const key = `${entity}\u0000${field}`;
  let byValue = memo.get(key);
  if (byValue === undefined) memo.set(key, (byValue = new Map()));
  let problem = byValue.get(value);
  if (problem === undefined) byValue.set(value, (problem = columnProblem(entity, field, value)));
  return problem;
}

/** Why the entry is refused, in plain Chinese, or null when its values may be applied (`memo`: verdicts of
 * this batch's earlier entries, ColumnMemo). */
export function entryProblem(e: PushEntry, memo?: ColumnMemo): string | null {
  if (!isEntity(e.entity)) return '无法识别的数据类型，请升级本工作站软件';
  const label = entityLabel(e.entity);
  const columns = REGISTRY[e.entity].columns;
  for (const [field, pair] of Object.entries(e.fields)) {
    // a column this server does not know (a newer station): ignored by the merge, as before
    if (!Object.hasOwn(columns, field)) continue;
    for (const v of pair) {
      if (findIllFormedText(v)) return `${label}的${columnLabel(field, e.entity)}${ILL_FORMED_MESSAGE}`;
      const size =
        typeof v === 'string' ? v.length : v !== null && typeof v === 'object' ? JSON.stringify(v).length : 0;
      if (size > MAX_VALUE_CHARS) return `${label}的${columnLabel(field, e.entity)}内容过长，已退回`;
    }
    const problem = memoisedColumnProblem(memo, e.entity, field, pair[1]);
    if (problem) return `${label}的${columnLabel(field, e.entity)}${problem}，已退回`;
  }
  return null;
}
