// Applies the new entries of one push batch, in seq order, inside the caller's transaction: community
// scope, ID-number identity (same person twice in one community → redirect + merge task; a person another
// community holds → a held registration, holds.ts), redirect forwarding, the three-way merge, conflict
// records, then one write-back of rows, identities and the log.
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import {
  ColumnVerdicts,
  ENTITIES,
  REGISTRY,
  entityLabel,
  isEntity,
  type FieldChanges,
} from '../../shared/sync/entities';
import type { PushEntry, Verdict } from '../../shared/sync/protocol';
import type { StoreKind } from '../db/open';
import { bulkInsert, idList } from '../db/bulk';
import type { ServerDB } from '../db/schema';
import {
  DISTRICT_STATION_NUMBER,
  cardKeysOf,
  cardNumberKey,
  districtNumberPrefix,
  identityKeyOf,
  identityRule,
  isSoftKey,
  validCardKey,
} from './identity';
import { HoldBook, heldKey, type OpenHold } from './holds';
import { appendLog, type LogDraft } from './log';
import { mergeEntry, sameValue, type FieldConflict } from './merge';
import { unionFairEntry } from '../fairs/entryMerge';
import { PERSON_ROWS, loadRows, rowKey, saveRows, type RowState } from './rows';
import { columnLabel, entryProblem } from './validate';
import { refreshBoard } from './board';
import { refreshSharedFairs } from '../fairs/shared';
import {
  DISTRICT,
  PENDING,
  emptyVersions,
  markChanged,
  markCreated,
  markSentWhole,
  settle,
  versionOf,
} from './versions';
import { ClaimBook } from '../subsidies/claims';
import { refreshTraining } from '../training/board';

const CONFLICT_COLUMNS = [
  'id',
  'entity',
  'row_id',
  'field',
  'kept_value',
  'losing_value',
  'losing_station',
  'losing_seq',
  'operator_id',
  'operator',
  'created_at',
  'resolved_at',
] as const;

export interface PushingStation {
  id: string;
  communityCode: string;
  /** The station's number in its community: how field versions name it (versions.ts). */
  number: number;
  pulledCursor: number;
}

type Event =
  | { type: 'upsert'; key: string }
  | { type: 'redirect'; entity: string; oldId: string; newId: string; community: string };

const reject = (seq: number, reason: string): Verdict => ({ seq, status: 'rejected', reason });

export class BatchApplier {
  readonly #rows = new Map<string, RowState>();
  readonly #redirects = new Map<string, string>();
  /** Identity key (identity.ts) → holder row id, or null when known to be free. `#identityLoaded` is what the DB held. */
  readonly #identity = new Map<string, string | null>();
  readonly #identityLoaded = new Map<string, string | null>();
  readonly #holds: HoldBook;
  /** (issue 10) subsidy claims of the people this batch's applications name. */
  readonly #claims: ClaimBook;
  readonly #events: Event[] = [];
  /** Keys of district-assigned card numbers known in this batch (the highest decides the next). */
  readonly #districtNumbers = new Set<string>();
  readonly #upsertQueued = new Set<string>();
  /** Per row queued for the log: the fields this batch changed, whether the whole row must go (a new or a
   * redirected row), and whether the pushing station already holds all of it (its echo, skipped by its pull). */
  readonly #changed = new Map<string, Set<string>>();
  readonly #whole = new Set<string>();
  readonly #notEcho = new Set<string>();
  readonly #newRedirects: Array<{ entity: string; old_id: string; new_id: string }> = [];
  readonly #mergeTasks: Array<{
    id: string;
    id_number: string;
    kept_id: string;
    merged_id: string;
    communities: string;
  }> = [];
  readonly #conflicts: Array<{
    entity: string;
    rowId: string;
    seq: number;
    c: FieldConflict;
    operatorId: string;
    operator: string;
  }> = [];

  /** Column verdicts of this batch's values (shared/sync/entities.ts ColumnVerdicts). */
  readonly #columnMemo = new ColumnVerdicts();

  constructor(
    private readonly trx: Transaction<ServerDB>,
    private readonly kind: StoreKind,
    private readonly station: PushingStation,
    private readonly now: string,
  ) {
    this.#holds = new HoldBook(station.id, now);
    this.#claims = new ClaimBook(now);
  }

  /** Loads, in a few queries, everything the entries can touch. */
  async preload(entries: PushEntry[]): Promise<void> {
    let pending = entries.map((e) => [e.entity, e.rowId] as [string, string]);
    // ids the entries refer to (a card's resident, a measure's plan) may have been redirected as well
    for (const e of entries) {
      if (!isEntity(e.entity)) continue;
      for (const [field, target] of Object.entries(REGISTRY[e.entity].references)) {
        const v = Object.hasOwn(e.fields, field) ? e.fields[field]?.[1] : undefined;
        if (typeof v === 'string') pending.push([target, v]);
      }
    }
    for (let hop = 0; hop < 5 && pending.length; hop++) {
      const found: Array<[string, string]> = [];
      const byEntity = new Map<string, string[]>();
      for (const [entity, id] of pending) {
        const list = byEntity.get(entity);
        if (list) list.push(id);
        else byEntity.set(entity, [id]);
      }
      for (const [entity, ids] of byEntity) {
        const rows = await this.trx
          .selectFrom('redirects')
          .select(['old_id', 'new_id'])
          .where('entity', '=', entity)
          .where('old_id', 'in', idList(this.kind, ids))
          .execute();
        for (const r of rows) {
          this.#redirects.set(rowKey(entity, r.old_id), r.new_id);
          found.push([entity, r.new_id]);
        }
      }
      pending = found;
    }
    const keys = entries
      .filter((e) => isEntity(e.entity))
      .map((e) => [e.entity, this.#resolve(e.entity, e.rowId)] as [string, string]);
    await loadRows(this.trx, this.kind, keys, this.#rows);
    // a recommendation turning `hired` counts on its vacancy, which may be another community's (issue 9)
    const vacancies: Array<[string, string]> = [];
    for (const e of entries) {
      if (e.entity !== 'recommendations') continue;
      const given = Object.hasOwn(e.fields, 'vacancy_id') ? e.fields.vacancy_id?.[1] : undefined;
      const held = this.#rows.get(rowKey(e.entity, this.#resolve(e.entity, e.rowId)))?.fields.vacancy_id;
      const id = typeof given === 'string' ? given : held;
      if (typeof id === 'string') vacancies.push(['vacancies', id]);
    }
    if (vacancies.length) await loadRows(this.trx, this.kind, vacancies, this.#rows);

    // identity key → the entity holding it
    const ids = new Map<string, string>();
    for (const e of entries) {
      const rule = identityRule(e.entity);
      const v = rule && Object.hasOwn(e.fields, rule.field) ? e.fields[rule.field]?.[1] : undefined;
      if (!rule || typeof v !== 'string') continue;
      const n = rule.normalise(v);
      const row = this.#rows.get(rowKey(e.entity, this.#resolve(e.entity, e.rowId)));
      const community = row?.community ?? this.station.communityCode;
      if (n.ok) ids.set(rule.key(n.value, community), e.entity);
      if (n.ok && e.entity === 'residents') ids.set(heldKey(community, n.value), e.entity);
    }
    for (const r of this.#rows.values()) {
      const key = identityKeyOf(r.entity, r.fields, r.community);
      if (key) ids.set(key, r.entity);
      if (key && r.entity === 'residents') ids.set(heldKey(r.community, key), r.entity);
    }
    // cards: the numbers and "valid card of a person" the entries and their rows hold
    for (const e of entries) {
      if (e.entity !== 'cards') continue;
      const f = (name: string) => (Object.hasOwn(e.fields, name) ? e.fields[name]?.[1] : undefined);
      const row = this.#rows.get(rowKey('cards', e.rowId));
      const number = f('card_number') ?? row?.fields.card_number;
      const holder = f('resident_id') ?? row?.fields.resident_id;
      if (typeof number === 'string') ids.set(cardNumberKey(number), 'cards');
      const community = row?.community ?? this.station.communityCode;
      if (typeof holder === 'string')
        ids.set(validCardKey(community, this.#resolve('residents', holder)), 'cards');
    }
    for (const r of this.#rows.values())
      if (r.entity === 'cards')
        for (const k of cardKeysOf(r.fields, r.deleted, r.community)) ids.set(k, 'cards');
    if (entries.some((e) => e.entity === 'cards')) {
      // the district's own numbers for this community: the next one follows the highest
      const prefix = districtNumberPrefix(this.station.communityCode);
      const top = await this.trx
        .selectFrom('identities')
        .select('id_number')
        .where('id_number', '>=', prefix)
        .where('id_number', '<', `${prefix}~`)
        .orderBy('id_number', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (top) this.#districtNumbers.add(top.id_number);
    }
    const list = [...ids.keys()];
    for (const id of list) this.#identityLoaded.set(id, null);
    if (list.length) {
      const rows = await this.trx
        .selectFrom('identities')
        .selectAll()
        .where('id_number', 'in', idList(this.kind, list))
        .execute();
      for (const r of rows) this.#identityLoaded.set(r.id_number, r.row_id);
    }
    for (const [k, v] of this.#identityLoaded) this.#identity.set(k, v);
    const holders = [...this.#identityLoaded].filter((h): h is [string, string] => h[1] !== null);
    // the holder's person rows: a redirected plan lands on the kept person's plan in this same batch
    await loadRows(
      this.trx,
      this.kind,
      holders.flatMap(([key, id]) =>
        ids.get(key) === 'residents'
          ? PERSON_ROWS.map((entity) => [entity, id] as [string, string])
          : [[ids.get(key)!, id] as [string, string]],
      ),
      this.#rows,
    );
    // A card whose holder is redirected within this batch (the same person registered on two PCs) is
    // checked against the kept person's valid card: load that key and its card too.
    if (entries.some((e) => e.entity === 'cards')) {
      const extra = holders
        .filter(([key]) => ids.get(key) === 'residents')
        .map(([, id]) => validCardKey(this.station.communityCode, id))
        .filter((k) => !this.#identityLoaded.has(k));
      if (extra.length) {
        for (const k of extra) this.#identityLoaded.set(k, null);
        const found = await this.trx
          .selectFrom('identities')
          .selectAll()
          .where('id_number', 'in', idList(this.kind, extra))
          .execute();
        for (const r of found) this.#identityLoaded.set(r.id_number, r.row_id);
        for (const k of extra) this.#identity.set(k, this.#identityLoaded.get(k) ?? null);
        await loadRows(
          this.trx,
          this.kind,
          found.map((r) => ['cards', r.row_id] as [string, string]),
          this.#rows,
        );
      }
    }

    // subsidy applications: the claims of the people they name (issue 10)
    if (entries.some((e) => e.entity === 'subsidy_applications')) {
      const people: string[] = [];
      for (const e of entries) {
        if (e.entity !== 'subsidy_applications') continue;
        const v = Object.hasOwn(e.fields, 'resident_id') ? e.fields.resident_id?.[1] : undefined;
        if (typeof v === 'string') people.push(this.#resolve('residents', v));
        const row = this.#rows.get(rowKey(e.entity, this.#resolve(e.entity, e.rowId)));
        if (typeof row?.fields.resident_id === 'string') people.push(row.fields.resident_id);
      }
      await this.#claims.load(this.trx, this.kind, people);
    }

    // the open holds of the residents this batch touches, and the names its notices and verdicts give
    const residentIds = [...this.#rows.values()].filter((r) => r.entity === 'residents').map((r) => r.rowId);
    await this.#holds.load(this.trx, this.kind, residentIds, [
      this.station.communityCode,
      ...[...this.#rows.values()].map((r) => r.community),
    ]);
  }

  apply(e: PushEntry): Verdict {
    // Every value is checked with the registry's schemas before anything is touched: one malformed value
    // refused here cannot stop every station of the community downstream.
    if (!isEntity(e.entity)) return reject(e.seq, `无法识别的数据类型，请升级本工作站软件`);
    if (e.oversize) return reject(e.seq, `这条${entityLabel(e.entity)}修改的内容太大，区里无法接收，已退回`);
    const problem = entryProblem(e, this.#columnMemo);
    if (problem) return reject(e.seq, problem);
    const spec = ENTITIES[e.entity];
    const changes: FieldChanges = {};
    for (const [f, v] of Object.entries(e.fields)) if (spec.fields.includes(f)) changes[f] = v;
    // what the district counts itself (a vacancy's hires) is never taken from a station's edit
    if (e.op !== 'create') for (const f of REGISTRY[e.entity].districtOwned ?? []) delete changes[f];
    for (const [f, target] of Object.entries(REGISTRY[e.entity].references)) {
      const c = Object.hasOwn(changes, f) ? changes[f] : undefined;
      if (c)
        changes[f] = c.map((v) => (typeof v === 'string' ? this.#resolve(target, v) : v)) as [
          unknown,
          unknown,
        ];
    }

    let rowId = this.#resolve(e.entity, e.rowId);
    let row = this.#rows.get(rowKey(e.entity, rowId));
    const mine = this.station.communityCode;
    // An entry for a person row (the holder's plan) whose id was redirected lands on the kept person's row,
    // which may belong to the other community: merging into it is not a move, so its community stays.
    const forwarded = rowId !== e.rowId && PERSON_ROWS.includes(e.entity);
    if (forwarded && row && this.#mayTouch(row)) delete changes.community_code;

    // The community of a row is the district's business: a station may only create in its own community
    // and may never move a row (moves are transfers, done at the district).
    if ('community_code' in changes) {
      const target = changes.community_code![1];
      const current = row?.community ?? mine;
      if (target !== current) {
        return reject(
          e.seq,
          row
            ? '不能在工作站上把记录改到其他社区；居民迁移请由区里办理'
            : '该记录不属于本社区，不能在本工作站新建',
        );
      }
      delete changes.community_code;
    }
    if (row && !this.#mayTouch(row)) return reject(e.seq, `该${entityLabel(e.entity)}不属于本社区，不能修改`);
    if (!row && e.op !== 'create' && !forwarded)
      return reject(e.seq, `区里没有这条${entityLabel(e.entity)}记录（它的新建可能被退回了），无法修改`);

    let redirected = false;
    let heldBy: RowState | undefined;
    const rule = identityRule(e.entity);
    if (rule && rule.field in changes && changes[rule.field]![1] !== null) {
      const n = rule.normalise(String(changes[rule.field]![1]));
      if (!n.ok) return reject(e.seq, n.reason);
      changes[rule.field] = [changes[rule.field]![0], n.value];
      const key = rule.key(n.value, row?.community ?? mine);
      const holderId = this.#identity.get(key) ?? null;
      const holder = holderId ? this.#rows.get(rowKey(e.entity, holderId)) : undefined;
      if (holder && holder.rowId !== rowId && !holder.deleted) {
        if (row || e.op !== 'create') return reject(e.seq, rule.taken(holder.community, mine));
        // A person another community holds: this community's registration stays its own row, held (not
        // redirected, not shared) until the district decides — unless this community already holds one.
        const heldId = holder.community !== mine ? this.#identity.get(heldKey(mine, n.value)) : undefined;
        const held = heldId ? this.#rows.get(rowKey(e.entity, heldId)) : undefined;
        if (holder.community !== mine && !(held && !held.deleted)) heldBy = holder;
        else {
          // Registered a second time in one community (the same person, the same employer): keep the
          // existing row, redirect the new id to it; the stations re-point their references (a vacancy's
          // employer, a card's holder).
          const kept = held ?? holder;
          this.#redirect(e.entity, e.rowId, kept, n.value, !held);
          rowId = kept.rowId;
          row = kept;
          redirected = true;
        }
      }
    }

    if (!row) {
      row = {
        entity: e.entity,
        rowId,
        community: mine,
        fields: Object.fromEntries([...spec.fields].map((f) => [f, null])),
        versions: emptyVersions(),
        deleted: false,
        updatedSeq: 0,
        isNew: true,
      };
      row.fields.community_code = mine;
      this.#rows.set(rowKey(e.entity, rowId), row);
    }

    let renumbered: string | null = null;
    if (e.entity === 'cards') renumbered = this.#renumberIfTaken(row, changes);
    if (e.entity === 'subsidy_applications') {
      const refused = this.#claims.stationProblem(row.isNew ? undefined : row, changes);
      if (refused) {
        if (row.isNew) this.#rows.delete(rowKey(e.entity, rowId));
        return reject(e.seq, refused);
      }
    }
    const { apply, conflicts } = mergeEntry(spec, row.fields, changes);
    if (e.entity === 'cards') this.#oneValidCard(row, apply, conflicts);
    if (e.entity === 'subsidy_applications') this.#claims.check(row, apply, conflicts);
    if (e.entity === 'fair_employers') unionFairEntry(row.fields, apply, conflicts);
    // the row as it would be must still be whole (a create without a name, an edit that empties a
    // required field): refused, and a new row is dropped again
    const whole = rowProblemAfter(e.entity, row.fields, apply);
    if (whole) {
      if (row.isNew) this.#rows.delete(rowKey(e.entity, rowId));
      return reject(e.seq, whole);
    }
    const otherChangedSinceBase = this.#othersChanged(row, changes);
    // The station holds exactly what this entry leaves on the row when the district took every value as
    // sent and no change the station has not pulled yet sits under it (versions.ts): then its pull skips it.
    const echo =
      !redirected &&
      !forwarded &&
      !heldBy &&
      !this.#holds.of(row.rowId) &&
      conflicts.length === 0 &&
      Object.entries(apply).every(
        ([f, v]) => Object.hasOwn(e.fields, f) && sameValue(v, e.fields[f]![1]) && this.#canEcho(row, f),
      );
    const isNew = row.isNew && row.updatedSeq === 0 && !this.#upsertQueued.has(rowKey(row.entity, row.rowId));
    const statusBefore = row.isNew ? null : row.fields.status;
    this.#write(row, apply, echo, isNew);
    if (e.entity === 'recommendations') this.#countHire(row, statusBefore);
    if (e.entity === 'subsidy_applications') this.#claims.record(row);
    const hold = this.#heldEntry(e, row, changes, heldBy);
    for (const c of conflicts)
      this.#conflicts.push({
        entity: e.entity,
        rowId,
        seq: e.seq,
        c,
        operatorId: e.operatorId,
        operator: e.operator,
      });
    // a forwarded entry always re-sends the kept row, so the station that wrote it replaces its local copy
    if (Object.keys(apply).length || redirected || forwarded || conflicts.length)
      this.#touch(row, {
        fields: [...Object.keys(apply), ...conflicts.map((c) => c.field)],
        whole: isNew || redirected || forwarded,
        echo,
      });

    const verdict: Verdict = { seq: e.seq, status: 'applied' };
    if (conflicts.length) {
      verdict.status = 'conflict';
      verdict.conflicts = conflicts;
    } else if (redirected || otherChangedSinceBase || renumbered) verdict.status = 'merged';
    if (renumbered) verdict.reason = renumbered;
    if (rowId !== e.rowId) verdict.rowId = rowId;
    if (hold) Object.assign(verdict, this.#holds.verdict(hold));
    return verdict;
  }

  /**
   * A held registration (opened now, when `heldBy` holds its number) keeps each entry as a proposal on its
   * merge task; deleted, or given another number, it has nothing left for the district to decide.
   */
  #heldEntry(e: PushEntry, row: RowState, changes: FieldChanges, heldBy?: RowState): OpenHold | undefined {
    if (row.entity !== 'residents') return undefined;
    const idNumber = String(row.fields.id_number ?? '');
    let hold = this.#holds.of(row.rowId);
    if (heldBy && !hold) {
      hold = this.#holds.open(idNumber, heldBy, row);
      this.#identity.set(heldKey(row.community, idNumber), row.rowId);
    }
    if (!hold) return undefined;
    this.#holds.propose(hold, e, changes);
    if (row.deleted || idNumber !== hold.idNumber) {
      this.#holds.withdraw(hold);
      const key = heldKey(row.community, hold.idNumber);
      if (this.#identity.get(key) === row.rowId) this.#identity.set(key, null);
    }
    return hold;
  }

  /**
   * Card numbers are unique across the district. A number another card already holds (two PCs that used
   * the same station number before enrolment gave them out) is replaced by the district's next number for
   * the community, under station number 99 which no PC is given: renumbering never collides again.
   */
  #renumberIfTaken(row: RowState, changes: FieldChanges): string | null {
    const c = Object.hasOwn(changes, 'card_number') ? changes.card_number : undefined;
    if (!c || typeof c[1] !== 'string') return null;
    const holder = this.#identity.get(cardNumberKey(c[1])) ?? null;
    if (holder === null || holder === row.rowId) return null;
    const year = c[1].slice(16, 20);
    const prefix = districtNumberPrefix(row.community);
    let top = 0;
    for (const k of this.#districtNumbers)
      if (k.startsWith(`${prefix}${year}-`)) top = Math.max(top, Number(k.slice(-5)));
    const next = `${row.community}-${DISTRICT_STATION_NUMBER}-${year}-${String(top + 1).padStart(5, '0')}`;
    this.#districtNumbers.add(cardNumberKey(next));
    changes.card_number = [c[0], next];
    return `援助卡号 ${c[1]} 在区里已被另一张卡使用，已改为 ${next}，请重新打印这张卡`;
  }

  /** One valid card per person: the card that reached the district first keeps it; a later one is cancelled. */
  #oneValidCard(row: RowState, apply: Record<string, unknown>, conflicts: FieldConflict[]): void {
    // only an entry that makes the card valid is checked: an edit of an old card leaves its status alone
    if (!row.isNew && apply.status !== 'valid') return;
    const next = { ...row.fields, ...apply };
    if (next.status !== 'valid' || next.deleted_at != null || typeof next.resident_id !== 'string') return;
    const holderId = this.#identity.get(validCardKey(row.community, next.resident_id)) ?? null;
    if (holderId === null || holderId === row.rowId) return;
    const holder = this.#rows.get(rowKey('cards', holderId));
    if (!holder || holder.deleted || holder.fields.status !== 'valid') return;
    apply.status = 'cancelled';
    apply.status_reason = `该居民已有有效援助卡 ${String(holder.fields.card_number)}（先到区里的为准），本卡由区里作废，请收回`;
    apply.status_changed_at = this.now;
    if (row.fields.status === 'valid' || row.isNew)
      conflicts.push({ field: 'status', mine: 'valid', theirs: 'cancelled' });
  }

  /**
   * A recommendation that became `hired` here counts one hire on its vacancy, whichever community owns
   * it; the vacancy is filled when its positions are. Counted on the transition only: two PCs that both
   * recorded the same hire (one row, see the registry's `same-row`) count one.
   */
  #countHire(rec: RowState, before: unknown): void {
    if (rec.deleted || rec.fields.status !== 'hired') return;
    if (before === 'hired' || before === 'retained_3m' || before === 'left') return;
    const id = rec.fields.vacancy_id;
    const vacancy = typeof id === 'string' ? this.#rows.get(rowKey('vacancies', id)) : undefined;
    if (!vacancy || vacancy.deleted) return;
    const hired = Number(vacancy.fields.hired ?? 0) + 1;
    const apply: Record<string, unknown> = { hired };
    if (hired >= Number(vacancy.fields.positions ?? 1) && vacancy.fields.status === 'open')
      apply.status = 'filled';
    for (const [f, v] of Object.entries(apply)) {
      vacancy.fields[f] = v;
      markChanged(vacancy.versions, 'vacancies', f, DISTRICT, false);
    }
    // the district's own change: every station of the community gets it, the pusher too
    this.#touch(vacancy, { fields: Object.keys(apply), whole: false, echo: false });
  }

  /** Writes rows, identities, redirects, merge tasks, conflicts and the log. */
  async flush(): Promise<void> {
    const drafts: LogDraft[] = [];
    const draftRow: Array<RowState | null> = [];
    for (const ev of this.#events) {
      if (ev.type === 'redirect') {
        drafts.push({
          community: ev.community,
          entity: ev.entity,
          rowId: ev.oldId,
          kind: 'redirect',
          redirectTo: ev.newId,
          origin: this.station.id,
        });
        draftRow.push(null);
        continue;
      }
      // A row goes to its own community only (scope is the community, also through identity). A new or
      // redirected row goes whole; a changed one as its changed fields only, which the stations merge into
      // the row they hold. (sync_rows keeps the row in its own compact form: rowCodec.ts.)
      const row = this.#rows.get(ev.key)!;
      const whole = this.#whole.has(ev.key);
      if (whole && !row.isNew) markSentWhole(row.versions, this.station.number);
      const delta = whole
        ? JSON.stringify(row.fields)
        : JSON.stringify(
            Object.fromEntries([...this.#changed.get(ev.key)!].map((f) => [f, row.fields[f] ?? null])),
          );
      drafts.push({
        community: row.community,
        entity: row.entity,
        rowId: row.rowId,
        kind: 'upsert',
        fieldsJson: delta,
        origin: this.station.id,
        partial: !whole,
        echo: !this.#notEcho.has(ev.key),
      });
      draftRow.push(row);
    }
    for (const d of this.#holds.drafts()) {
      drafts.push(d);
      draftRow.push(null);
    }
    const sseqs = await appendLog(this.trx, this.kind, drafts, this.now);
    sseqs.forEach((s, i) => {
      const row = draftRow[i];
      if (!row) return;
      row.updatedSeq = s;
      settle(row.versions, s);
    });
    const written = [...this.#upsertQueued].map((k) => this.#rows.get(k)!);
    await saveRows(this.trx, this.kind, written, this.now, (row) => {
      const key = rowKey(row.entity, row.rowId);
      return row.isNew || this.#whole.has(key) ? undefined : this.#changed.get(key);
    });
    await refreshBoard(this.trx, this.kind, written, this.#rows, this.now);
    await refreshTraining(this.trx, this.kind, written, this.now);
    await refreshSharedFairs(this.trx, this.kind, written, this.now);

    const freed: string[] = [];
    const taken: Array<{ id_number: string; row_id: string }> = [];
    for (const [id, holder] of this.#identity) {
      const was = this.#identityLoaded.get(id) ?? null;
      if (holder === was) continue;
      if (holder === null) freed.push(id);
      // A plain insert for a number that was free: if another instance took it meanwhile, the unique key
      // fails and the whole batch is retried, then finds the other person and redirects.
      else if (was === null) taken.push({ id_number: id, row_id: holder });
      else
        await this.trx
          .updateTable('identities')
          .set({ row_id: holder })
          .where('id_number', '=', id)
          .execute();
    }
    if (freed.length)
      await this.trx.deleteFrom('identities').where('id_number', 'in', idList(this.kind, freed)).execute();
    await bulkInsert(
      this.trx,
      this.kind,
      'identities',
      ['id_number', 'row_id'],
      taken.filter((t) => !isSoftKey(t.id_number)).map((t) => [t.id_number, t.row_id]),
    );
    // A card key this batch could not see in advance (its holder was redirected within the batch) must not
    // fail the batch: the first holder keeps it.
    const soft = taken.filter((t) => isSoftKey(t.id_number));
    if (soft.length)
      await this.trx
        .insertInto('identities')
        .values(soft)
        .onConflict((oc) => oc.column('id_number').doNothing())
        .execute();
    if (this.#newRedirects.length) {
      await this.trx
        .insertInto('redirects')
        .values(this.#newRedirects.map((r) => ({ ...r, created_at: this.now })))
        .execute();
    }
    if (this.#mergeTasks.length) {
      await this.trx
        .insertInto('merge_tasks')
        .values(this.#mergeTasks.map((t) => ({ ...t, created_at: this.now, status: 'open' })))
        .execute();
    }
    await this.#holds.flush(this.trx, this.kind);
    await this.#claims.flush(this.trx, this.kind);
    const conflicts = this.#conflicts.map((x) => [
      randomUUID(),
      x.entity,
      x.rowId,
      x.c.field,
      JSON.stringify(x.c.theirs ?? null),
      JSON.stringify(x.c.mine ?? null),
      this.station.id,
      x.seq,
      x.operatorId,
      x.operator,
      this.now,
      null,
    ]);
    await bulkInsert(this.trx, this.kind, 'conflicts', CONFLICT_COLUMNS, conflicts);
  }

  #resolve(entity: string, rowId: string): string {
    let id = rowId;
    for (let hop = 0; hop < 5; hop++) {
      const next = this.#redirects.get(rowKey(entity, id));
      if (!next) return id;
      id = next;
    }
    return id;
  }

  #mayTouch(row: RowState): boolean {
    return row.community === this.station.communityCode;
  }

  /** Redirects a second registration within the kept row's own community (a person held elsewhere is
   * never redirected across communities: see holds.ts). */
  #redirect(entity: string, oldId: string, kept: RowState, identity: string, task = true) {
    const communities = [kept.community];
    this.#redirects.set(rowKey(entity, oldId), kept.rowId);
    this.#newRedirects.push({ entity, old_id: oldId, new_id: kept.rowId });
    // A person gets a merge task for the district; an employer is one community's own (its credit code is
    // unique per community) and needs none.
    if (entity === 'residents') {
      // The person's plan follows the person (its id is the person's id). Decision for two plans: the
      // redirected plan is not kept beside the other; its entries land on the kept person's plan, so its
      // measures and services (plan_id forwarded) join the kept plan. Stations derive the same locally
      // from the resident's redirect, so it is not logged separately.
      for (const other of PERSON_ROWS.filter((p) => p !== entity)) {
        this.#redirects.set(rowKey(other, oldId), kept.rowId);
        this.#newRedirects.push({ entity: other, old_id: oldId, new_id: kept.rowId });
      }
      // onto a held registration: that hold's task is the district's one question about this person
      if (task)
        this.#mergeTasks.push({
          id: randomUUID(),
          id_number: identity,
          kept_id: kept.rowId,
          merged_id: oldId,
          communities: JSON.stringify(communities),
        });
    }
    // The kept row first, whole, so the newer station has it before it re-points the old id.
    this.#touch(kept, { fields: [], whole: true, echo: false });
    this.#events.push({ type: 'redirect', entity, oldId, newId: kept.rowId, community: kept.community });
  }

  #touch(row: RowState, what: { fields: string[]; whole: boolean; echo: boolean }) {
    const key = rowKey(row.entity, row.rowId);
    let changed = this.#changed.get(key);
    if (!changed) this.#changed.set(key, (changed = new Set()));
    for (const f of what.fields) changed.add(f);
    if (what.whole) this.#whole.add(key);
    if (!what.echo) this.#notEcho.add(key);
    if (this.#upsertQueued.has(key)) return;
    this.#upsertQueued.add(key);
    this.#events.push({ type: 'upsert', key });
  }

  /** May a change of `f` by this station be skipped by its pull? Only when the field's last change is one it
   * has pulled, or its own that it skips too (then no other station's value lands on top of it later). */
  #canEcho(row: RowState, f: string): boolean {
    const w = row.versions.w;
    if (w && (w[0] === PENDING || w[0] > this.station.pulledCursor)) return false;
    const v = versionOf(row.versions, row.entity, f);
    if (!v) return true;
    if (v[1] === this.station.number && v[2] === 1) return true;
    return v[0] !== PENDING && v[0] <= this.station.pulledCursor;
  }

  #write(row: RowState, apply: Record<string, unknown>, echo: boolean, isNew: boolean) {
    const idBefore = identityKeyOf(row.entity, row.fields, row.community);
    const keysBefore = row.entity === 'cards' ? cardKeysOf(row.fields, row.deleted, row.community) : [];
    if (isNew) markCreated(row.versions, this.station.number, echo);
    for (const [f, v] of Object.entries(apply)) {
      row.fields[f] = v;
      if (!isNew) markChanged(row.versions, row.entity, f, this.station.number, echo);
    }
    if ('deleted_at' in apply) row.deleted = apply.deleted_at !== null;
    if (row.entity === 'cards') {
      for (const k of keysBefore) if (this.#identity.get(k) === row.rowId) this.#identity.set(k, null);
      for (const k of cardKeysOf(row.fields, row.deleted, row.community))
        if ((this.#identity.get(k) ?? null) === null) this.#identity.set(k, row.rowId);
      return;
    }
    if (!identityRule(row.entity)) return;
    const id = identityKeyOf(row.entity, row.fields, row.community);
    // The identity index follows the live row: released when the row is deleted or its number changes.
    if (idBefore && this.#identity.get(idBefore) === row.rowId && (idBefore !== id || row.deleted))
      this.#identity.set(idBefore, null);
    if (id && !row.deleted && (this.#identity.get(id) ?? null) === null) this.#identity.set(id, row.rowId);
  }

  /** Did another station change a field this entry leaves alone, after this station last pulled? */
  #othersChanged(row: RowState, changes: FieldChanges): boolean {
    if (row.isNew) return false;
    const v = row.versions;
    for (const [f, version] of [...Object.entries(v.f), ...(v.b ? [['', v.b] as const] : [])]) {
      if (f in changes) continue;
      const [seq, origin] = version;
      if (origin === this.station.number) continue;
      if (seq === PENDING || seq > this.station.pulledCursor) return true;
    }
    return false;
  }
}

/** A required column the row would be left without (a create without a name, an edit that empties one).
 * Only required columns are read: an old row with an odd value elsewhere stays editable. */
function rowProblemAfter(
  entity: keyof typeof REGISTRY,
  fields: Record<string, unknown>,
  apply: Record<string, unknown>,
): string | null {
  for (const column of REGISTRY[entity].required) {
    const v = Object.hasOwn(apply, column) ? apply[column] : fields[column];
    if (v === null || v === undefined)
      return `${entityLabel(entity)}的${columnLabel(column, entity)}不能为空，已退回`;
  }
  return null;
}
