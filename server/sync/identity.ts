// The district's side of every uniqueness a station enforces (shared/sync/entities.ts `unique`): each rule
// is one kind of key in `identities`, so no station can ever pull two rows its own unique index or handler
// would refuse. Keys never look like an 18-character ID number, so the kinds never collide:
//   redirect   — a resident's ID number (bare, district-wide), `credit:<community>:<code>` for an employer,
//                `contact:<card id>` for a card's contact card: a second row with the key is redirected;
//   renumber   — `card:<card number>`: a later card with a number in use gets the next district number;
//   first-wins — `validcard:<community>:<resident id>`: the later valid card of a person is cancelled with a reason.
import { REGISTRY, isEntity, type EntityName } from '../../shared/sync/entities';
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
  /** Only live rows hold the key (a deleted row gives it up). */
  live: boolean;
}

const REDIRECT_RULES: { [E in EntityName]?: Omit<IdentityRule, 'field' | 'live'> } = {
  residents: {
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
    // the station validates the code on entry; an odd legacy value still gets a key rather than a refusal
    normalise(value) {
      const p = parseCreditCode(value);
      return { ok: true, value: p.ok ? p.value.creditCode : value.trim().toUpperCase() };
    },
    key: (value, community) => `credit:${community}:${value}`,
    taken: () => '该统一社会信用代码已登记为本社区另一家用人单位，请核对后再改',
  },
  contact_cards: {
    normalise: (value) => ({ ok: true, value }),
    key: (value) => `contact:${value}`,
    taken: () => '这张援助卡已有联系卡，不能再把另一张联系卡挂到它上面',
  },
};

/** The redirect rule of an entity: derived from the registry, so an entity whose `unique` says `redirect`
 * without a rule here fails the uniqueness test (tests/sync/uniqueness.test.ts). */
const IDENTITY_RULES = new Map<string, IdentityRule>();
for (const [entity, rule] of Object.entries(REDIRECT_RULES)) {
  const u = REGISTRY[entity as EntityName].unique.find((r) => r.district === 'redirect');
  if (u) IDENTITY_RULES.set(entity, { ...rule, field: u.columns[0]!, live: u.live });
}

export function identityRule(entity: string): IdentityRule | undefined {
  return isEntity(entity) ? IDENTITY_RULES.get(entity) : undefined;
}

/** Entities with a redirect rule the district applies (for the uniqueness test). */
export function districtRedirectEntities(): string[] {
  return [...IDENTITY_RULES.keys()];
}

/** The identity key a stored row holds, if any. */
export function identityKeyOf(
  entity: string,
  fields: Record<string, unknown>,
  community: string,
): string | null {
  const rule = identityRule(entity);
  const v = rule ? fields[rule.field] : undefined;
  return rule && typeof v === 'string' ? rule.key(v, community) : null;
}

// ---- cards: numbers unique across the district, one valid card per person

/** Station number the district keeps for its own renumbering: stations are enrolled as 1–98 only. */
export const DISTRICT_STATION_NUMBER = 99;
export const cardNumberKey = (n: string) => `card:${n}`;
/** One valid card per person within a community: a person merged across two communities may hold one card
 * from each until the district decides the merge task (README "Decisions"). */
export const validCardKey = (community: string, residentId: string) => `validcard:${community}:${residentId}`;
/** Keys that never decide a redirect: a lost race on them must not fail the batch (insert or skip). */
export const isSoftKey = (key: string) => /^(card|validcard|contact):/.test(key);
/** Every district-assigned number of a community shares this key prefix. */
export const districtNumberPrefix = (community: string) => `card:${community}-${DISTRICT_STATION_NUMBER}-`;

/** The keys a stored card holds. */
export function cardKeysOf(fields: Record<string, unknown>, deleted: boolean, community: string): string[] {
  const out: string[] = [];
  if (typeof fields.card_number === 'string') out.push(cardNumberKey(fields.card_number));
  if (!deleted && fields.status === 'valid' && typeof fields.resident_id === 'string')
    out.push(validCardKey(community, fields.resident_id));
  return out;
}
