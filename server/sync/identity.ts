// Natural keys the district keeps unique among live rows, so no station can pull two rows its own unique
// index would refuse: a resident's ID number across the district, an employer's credit code within its
// community (the station's partial unique index). Each is one key in `identities`: the bare ID number, or
// `credit:<community>:<credit code>` (never 18 characters of an ID number, so the two never collide).
import { parseCreditCode } from '../../shared/validators/creditCode';
import { parseIdNumber } from '../../shared/validators/idNumber';

/** A second create with a key another live row holds is the same thing: the first is kept, the second id
 * redirected to it (apply.ts). */
export interface IdentityRule {
  field: string;
  /** The stored form of a value, or the reason it is refused. */
  normalise(value: string): { ok: true; value: string } | { ok: false; reason: string };
  key(value: string, community: string): string;
  /** Why an edit (not a create) may not take a key another live row holds. */
  taken(holderCommunity: string, mine: string): string;
}

export const IDENTITY_RULES: Readonly<Record<string, IdentityRule>> = {
  residents: {
    field: 'id_number',
    normalise(value) {
      const p = parseIdNumber(value);
      return p.ok
        ? { ok: true, value: p.value.idNumber }
        : { ok: false, reason: `身份证号码有误：${p.error.message}` };
    },
    key: (value) => value,
    taken: (holder, mine) =>
      `该身份证号码已登记为另一位居民（${holder === mine ? '本社区' : `社区 ${holder}`}），请核对；如确为同一人，请联系区里合并`,
  },
  employers: {
    field: 'credit_code',
    // the station validates the code on entry; an odd legacy value still gets a key rather than a refusal
    normalise(value) {
      const p = parseCreditCode(value);
      return { ok: true, value: p.ok ? p.value.creditCode : value.trim().toUpperCase() };
    },
    key: (value, community) => `credit:${community}:${value}`,
    taken: () => '该统一社会信用代码已登记为本社区另一家用人单位，请核对后再改',
  },
};

/** The identity key a stored row holds, if any. */
export function identityKeyOf(
  entity: string,
  fields: Record<string, unknown>,
  community: string,
): string | null {
  const rule = IDENTITY_RULES[entity];
  const v = rule ? fields[rule.field] : undefined;
  return rule && typeof v === 'string' ? rule.key(v, community) : null;
}
