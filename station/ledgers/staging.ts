// The preview's working table, in a throwaway SQLite file beside the upload (files.ts): one row per data
// row of the sheet with what the import will do to it. A preview of 300,000 rows lives on disk, not in the
// station's memory; the wizard pages through it, the commit walks it in order, the rejected-rows file reads
// it back. Not the station database: nothing here syncs, and it must not bloat station.sqlite.
import { rmSync } from 'node:fs';
import { CompiledQuery, Kysely, sql } from 'kysely';
import { Sqlite3Dialect } from '../../nodelib/sqlite3Dialect';
import type { PreviewAction, PreviewIssue } from '../../shared/contract/ledgers';

export interface StagedGroup {
  group: string;
  label: string;
  changes: Array<{ field: string; label: string; old: string; new: string }>;
}

export interface StagedRow {
  rowNo: number;
  action: PreviewAction;
  key: string | null;
  /** The key as a person may see it (ID numbers masked). */
  shownKey: string;
  name: string;
  targetId: string | null;
  targetStamp: string | null;
  /** The record's values with every differing group taken from the file. */
  values: Record<string, unknown> | null;
  groups: StagedGroup[];
  issues: PreviewIssue[];
  /** The row's cells as text, for the rejected-rows file. */
  cells: string[];
  flag: string | null;
}

interface Raw {
  row_no: number;
  action: PreviewAction;
  key: string | null;
  shown_key: string;
  name: string;
  target_id: string | null;
  target_stamp: string | null;
  values_json: string | null;
  groups_json: string;
  group_keys: string;
  issues_json: string;
  cells_json: string;
  flag: string | null;
}

const COLUMNS = [
  'row_no',
  'action',
  'key',
  'shown_key',
  'name',
  'target_id',
  'target_stamp',
  'values_json',
  'groups_json',
  'group_keys',
  'issues_json',
  'cells_json',
  'flag',
] as const;

function toRaw(r: StagedRow): Raw {
  return {
    row_no: r.rowNo,
    action: r.action,
    key: r.key,
    shown_key: r.shownKey,
    name: r.name,
    target_id: r.targetId,
    target_stamp: r.targetStamp,
    values_json: r.values ? JSON.stringify(r.values) : null,
    groups_json: JSON.stringify(r.groups),
    // ",contact,income," so one group is found with LIKE '%,contact,%'
    group_keys: `,${r.groups.map((g) => g.group).join(',')},`,
    issues_json: JSON.stringify(r.issues),
    cells_json: JSON.stringify(r.cells),
    flag: r.flag,
  };
}

function fromRaw(r: Raw): StagedRow {
  return {
    rowNo: r.row_no,
    action: r.action,
    key: r.key,
    shownKey: r.shown_key,
    name: r.name,
    targetId: r.target_id,
    targetStamp: r.target_stamp,
    values: r.values_json ? (JSON.parse(r.values_json) as Record<string, unknown>) : null,
    groups: JSON.parse(r.groups_json) as StagedGroup[],
    issues: JSON.parse(r.issues_json) as PreviewIssue[],
    cells: JSON.parse(r.cells_json) as string[],
    flag: r.flag,
  };
}

export class Staging {
  private constructor(private readonly db: Kysely<{ rows: Raw; meta: { key: string; value: string } }>) {}

  /** Opens the staging file; `fresh` starts it over (a new preview of the same batch). */
  static async open(path: string, fresh: boolean): Promise<Staging> {
    if (fresh) rmSync(path, { force: true });
    const db = new Kysely<{ rows: Raw; meta: { key: string; value: string } }>({
      // throwaway data: no journal, no fsync
      dialect: new Sqlite3Dialect({
        filename: path,
        onOpen: ['pragma journal_mode = off', 'pragma synchronous = off'],
      }),
    });
    await sql`create table if not exists rows (
      row_no integer primary key, action text not null, key text, shown_key text not null, name text not null,
      target_id text, target_stamp text, values_json text, groups_json text not null, group_keys text not null,
      issues_json text not null, cells_json text not null, flag text)`.execute(db);
    await sql`create index if not exists rows_action on rows(action, row_no)`.execute(db);
    await sql`create table if not exists meta (key text primary key, value text not null)`.execute(db);
    return new Staging(db);
  }

  /** One multi-row INSERT per call (the caller passes a chunk). */
  async insert(rows: readonly StagedRow[]): Promise<void> {
    if (!rows.length) return;
    const params: unknown[] = [];
    for (const r of rows) {
      const raw = toRaw(r);
      for (const c of COLUMNS) params.push(raw[c]);
    }
    const tuple = `(${COLUMNS.map(() => '?').join(',')})`;
    await this.db.executeQuery(
      CompiledQuery.raw(
        `insert into rows (${COLUMNS.join(',')}) values ${rows.map(() => tuple).join(',')}`,
        params,
      ),
    );
  }

  async get(rowNo: number): Promise<StagedRow | undefined> {
    const r = await this.db.selectFrom('rows').selectAll().where('row_no', '=', rowNo).executeTakeFirst();
    return r ? fromRaw(r) : undefined;
  }

  /** Turns an earlier row into a rejection (a later row contradicted it). */
  async reject(rowNo: number, issues: PreviewIssue[]): Promise<void> {
    await this.db
      .updateTable('rows')
      .set({
        action: 'reject',
        issues_json: JSON.stringify(issues),
        values_json: null,
        groups_json: '[]',
        group_keys: ',,',
      })
      .where('row_no', '=', rowNo)
      .execute();
  }

  async counts(): Promise<Record<PreviewAction, number>> {
    const rows = await this.db
      .selectFrom('rows')
      .select(['action', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('action')
      .execute();
    const out = { create: 0, update: 0, unchanged: 0, reject: 0 };
    for (const r of rows) out[r.action] = Number(r.n);
    return out;
  }

  async flagged(): Promise<number> {
    const r = await this.db
      .selectFrom('rows')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('flag', 'is not', null)
      .where('action', '!=', 'reject')
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Updated rows that differ in `group`. */
  async groupRows(group: string): Promise<number> {
    const r = await this.db
      .selectFrom('rows')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'update')
      .where('group_keys', 'like', `%,${group},%`)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async page(
    action: PreviewAction,
    offset: number,
    limit: number,
  ): Promise<{ items: StagedRow[]; total: number }> {
    const total = await this.db
      .selectFrom('rows')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', action)
      .executeTakeFirstOrThrow();
    const rows = await this.db
      .selectFrom('rows')
      .selectAll()
      .where('action', '=', action)
      .orderBy('row_no')
      .limit(limit)
      .offset(offset)
      .execute();
    return { items: rows.map(fromRaw), total: Number(total.n) };
  }

  /** Rows with one of `actions`, in sheet order, `size` at a time (keyset paging: no OFFSET walk). */
  async *chunks(actions: readonly PreviewAction[], size: number): AsyncGenerator<StagedRow[]> {
    let after = 0;
    for (;;) {
      const rows = await this.db
        .selectFrom('rows')
        .selectAll()
        .where('action', 'in', actions as PreviewAction[])
        .where('row_no', '>', after)
        .orderBy('row_no')
        .limit(size)
        .execute();
      if (!rows.length) return;
      after = rows[rows.length - 1]!.row_no;
      yield rows.map(fromRaw);
    }
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    const v = JSON.stringify(value);
    await this.db
      .insertInto('meta')
      .values({ key, value: v })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: v }))
      .execute();
  }

  async meta<T>(key: string): Promise<T | undefined> {
    const r = await this.db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
    return r ? (JSON.parse(r.value) as T) : undefined;
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
