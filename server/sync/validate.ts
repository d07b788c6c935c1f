// Every pushed entry is checked with the registry's schemas (shared/sync/entities.ts) before it touches a
// row: a known entity (an own entry, never a property of Object.prototype), values of the right shape and
// size, well-formed text in every value (also the base values, which end up in conflict records). The
// reason goes back to the station in plain Chinese as a `rejected` verdict, and the station sets the entry
// aside for a person to see: nothing malformed reaches the community's log.
import {
  REGISTRY,
  columnProblem,
  entityLabel,
  isEntity,
  type ColumnVerdicts,
} from '../../shared/sync/entities';
import { findIllFormedText, ILL_FORMED_MESSAGE } from '../../shared/sync/columns';
import type { PushEntry } from '../../shared/sync/protocol';
import { columnLabel } from '../../shared/sync/labels';

export { columnLabel };

/** Larger values than any column allows are refused before they are parsed any further. */
const MAX_VALUE_CHARS = 40_000;

/** Why the entry is refused, in plain Chinese, or null when its values may be applied (`memo`: verdicts of
 * this batch's earlier entries, shared/sync/entities.ts ColumnVerdicts). */
export function entryProblem(e: PushEntry, memo?: ColumnVerdicts): string | null {
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
    const problem = memo ? memo.problem(e.entity, field, pair[1]) : columnProblem(e.entity, field, pair[1]);
    if (problem) return `${label}的${columnLabel(field, e.entity)}${problem}，已退回`;
  }
  return null;
}
