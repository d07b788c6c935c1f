// The run's own account of what the desks made and removed, under stable labels (R3 = the third resident
// the run made, C2 the second card…): steps name rows by label, diffs show labels, and the district is
// checked against this account for anything lost or doubled.
import type { EntityName } from '../../shared/sync/entities';

export const PREFIX: Record<EntityName, string> = {
  residents: 'R',
  households: 'H',
  employers: 'E',
  vacancies: 'V',
  cards: 'C',
  contact_cards: 'K',
  card_plans: 'R', // a holder's plan has the holder's id
  plan_measures: 'M',
  plan_services: 'S',
  card_prints: 'P',
  recommendations: 'T',
  employer_visits: 'W',
  cooperation_agreements: 'A',
  subsidy_applications: 'G',
  training_courses: 'L',
  training_enrolments: 'N',
  fairs: 'J',
  fair_employers: 'X',
  fair_signups: 'Q',
  fair_intents: 'Y',
};

export interface Made {
  desk: string;
  entity: EntityName;
  id: string;
  label: string;
  /** For a contact card: its card (one contact card per card is what counts). */
  cardId?: string;
}

/** Labels, what each desk made and removed: the run's own account, against which the district is checked. */
export class Ledger {
  readonly ids = new Map<string, string>();
  readonly labels = new Map<string, string>();
  readonly made: Made[] = [];
  readonly removed = new Set<string>();
  readonly people: Array<{ desk: string; name: string; idNumber: string }> = [];
  readonly employers: Array<{ desk: string; creditCode: string; name: string }> = [];
  readonly #count = new Map<string, number>();

  labelOf(entity: EntityName, id: string): string | undefined {
    return this.labels.get(`${PREFIX[entity]}:${id}`);
  }

  /** The row's label; a new one (`wanted` if given and free) when the row has none yet. */
  assign(entity: EntityName, id: string, wanted?: string): string {
    const prefix = PREFIX[entity];
    const key = `${prefix}:${id}`;
    const known = this.labels.get(key);
    if (known) return known;
    let label = wanted && wanted.startsWith(prefix) && !this.ids.has(wanted) ? wanted : undefined;
    if (!label) {
      let n = this.#count.get(prefix) ?? 0;
      do label = `${prefix}${++n}`;
      while (this.ids.has(label));
      this.#count.set(prefix, n);
    }
    this.labels.set(key, label);
    this.ids.set(label, id);
    return label;
  }

  make(desk: string, entity: EntityName, id: string, cardId?: string): string {
    const prefix = PREFIX[entity];
    const i = this.#wanted.findIndex((l) => l.startsWith(prefix) && /^\d+$/.test(l.slice(prefix.length)));
    const wanted = i >= 0 ? this.#wanted.splice(i, 1)[0] : undefined;
    const label = this.assign(entity, id, wanted);
    this.made.push({ desk, entity, id, label, ...(cardId ? { cardId } : {}) });
    this.madeNow.push(label);
    return label;
  }

  #wanted: string[] = [];
  /** Labels made by the step being executed. */
  madeNow: string[] = [];
  /** A step starts: the labels its original run gave what it made, if known. */
  expect(labels: string[] | undefined): void {
    this.#wanted = [...(labels ?? [])];
    this.madeNow = [];
  }

  /** Labels an input names ("@R3") that were never made (a replayed step whose maker was shrunk away). */
  unknownLabels(input: unknown): string[] {
    if (typeof input === 'string' && input.startsWith('@'))
      return this.ids.has(input.slice(1)) ? [] : [input.slice(1)];
    if (input && typeof input === 'object') return Object.values(input).flatMap((v) => this.unknownLabels(v));
    return [];
  }

  /** "@R3" → R3's id, deep. */
  resolve(input: unknown): unknown {
    if (typeof input === 'string' && input.startsWith('@')) return this.ids.get(input.slice(1));
    if (Array.isArray(input)) return input.map((x) => this.resolve(x));
    if (input && typeof input === 'object')
      return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, this.resolve(v)]));
    return input;
  }
}
