// Undoing a whole import batch, only while every row it wrote is unchanged since: no later outbox entry
// for the row, and the row still holds exactly what the batch wrote (which also catches a change synced in
// from the district, which leaves no local entry). Created rows are deleted (soft, so the deletion syncs),
// updated rows get their earlier values back — each through updateRecorded with its outbox entry, linked
// to the batch as phase 'undo' ("撤销导入：<file>"), all in one transaction.
import { sql } from 'kysely';
import { ApiError } from '../../shared/errors';
import { ENTITIES, type EntityName } from '../../shared/sync/entities';
import { appendOutbox } from '../db/outbox';
import { updateRecorded, type SyncedRow } from '../db/recorded';
import type { Transaction } from 'kysely';
import type { StationDB } from '../db/schema';
import { deriveResidentColumns } from '../residents/repository';
import { pinyinKeys } from '../residents/pinyin';
import { getBatch } from './batches';
import type { CommitDeps } from './commit';
import { CHUNK_ROWS } from './limits';
import { exclusive, setProgress } from './progress';
import { openWriter } from './writer';

type Row = Record<string, unknown> & { id: string };

/** Derived columns are recomputed wherever a row changes, as every other write does. */
function derive(entity: string, row: Row): Row {
  if (entity === 'residents') return { ...row, ...deriveResidentColumns(row as never) };
  if (entity === 'employers') {
    const k = pinyinKeys(String(row.name));
    return { ...row, name_pinyin: k.full, name_initials: k.initials };
  }
  return row;
}

interface Entry {
  seq: number;
  entity: string;
  row_id: string;
  op: string;
  fields: Record<string, [unknown, unknown]>;
}

async function entriesOf(trx: Transaction<StationDB>, batchId: string): Promise<Entry[]> {
  const rows = await trx
    .selectFrom('import_entries as ie')
    .innerJoin('outbox as o', 'o.seq', 'ie.seq')
    .select(['ie.seq', 'ie.entity', 'ie.row_id', 'o.op', 'o.fields'])
    .where('ie.batch_id', '=', batchId)
    .where('ie.phase', '=', 'import')
    .orderBy('ie.seq')
    .execute();
  return rows.map((r) => ({ ...r, fields: JSON.parse(r.fields) as Entry['fields'] }));
}

function label(row: Row | undefined): string {
  return String(row?.name ?? row?.head_name ?? row?.title ?? row?.id ?? '');
}

export async function undoBatch(d: CommitDeps, batchId: string): Promise<{ undone: number }> {
  const b = await getBatch(d.db, batchId);
  if (b.status !== 'committed')
    throw new ApiError('conflict', b.status === 'undone' ? '该批次已撤销' : '只有已导入的批次可以撤销');
  return exclusive(
    batchId,
    () => new ApiError('conflict', '该批次正在处理中，请稍候'),
    async () => {
      const writer = openWriter(d.dataDir);
      let undone = 0;
      try {
        await writer.transaction().execute(async (trx) => {
          const entries = await entriesOf(trx, batchId);
          setProgress(batchId, { phase: 'undoing', done: 0, total: entries.length });
          // the state each row should be in now: the batch's writes applied in order
          const rows = new Map<
            string,
            { entity: string; id: string; last: number; fields: Map<string, unknown>; created: boolean }
          >();
          for (const e of entries) {
            const k = `${e.entity}\u0000${e.row_id}`;
            const r = rows.get(k) ?? {
              entity: e.entity,
              id: e.row_id,
              last: 0,
              fields: new Map(),
              created: false,
            };
            r.last = e.seq;
            r.created ||= e.op === 'create';
            for (const [f, [, nu]] of Object.entries(e.fields)) r.fields.set(f, nu);
            rows.set(k, r);
          }
          const list = [...rows.values()];
          for (let i = 0; i < list.length; i += CHUNK_ROWS) {
            const part = list.slice(i, i + CHUNK_ROWS);
            const later = await trx
              .selectFrom('outbox')
              .select(['entity', 'row_id', (eb) => eb.fn.max('seq').as('seq')])
              .where((eb) =>
                eb.or(part.map((r) => eb.and([eb('entity', '=', r.entity), eb('row_id', '=', r.id)]))),
              )
              .groupBy(['entity', 'row_id'])
              .execute();
            const lastSeq = new Map(later.map((x) => [`${x.entity}\u0000${x.row_id}`, Number(x.seq)]));
            for (const r of part) {
              const current = (
                await sql<Row>`select * from ${sql.table(r.entity)} where id = ${r.id}`.execute(trx)
              ).rows[0];
              const moved = (lastSeq.get(`${r.entity}\u0000${r.id}`) ?? 0) > r.last;
              // a created row's entry lists only the fields it set: every other synced field must still be empty
              const expected = new Map(r.fields);
              if (r.created && r.entity in ENTITIES)
                for (const f of ENTITIES[r.entity as EntityName].fields)
                  if (!expected.has(f)) expected.set(f, null);
              const differs =
                !current ||
                // every write stamps the row (sync's too): the batch's stamp must still be the row's
                ('updated_at' in current && current.updated_at !== b.committed_at) ||
                [...expected].some(([f, v]) => (current[f] ?? null) !== (v ?? null));
              if (moved || differs)
                throw new ApiError(
                  'conflict',
                  `“${label(current)}”在导入之后已被修改（本机或经同步），撤销会覆盖这些修改，所以整批不能撤销`,
                );
              if (r.entity === 'residents' && r.created) {
                const card = await trx
                  .selectFrom('cards')
                  .select('id')
                  .where('resident_id', '=', r.id)
                  .executeTakeFirst();
                if (card)
                  throw new ApiError(
                    'conflict',
                    `“${label(current)}”在导入之后已发放援助卡，所以整批不能撤销`,
                  );
              }
            }
          }
          const record = async (w: Parameters<typeof appendOutbox>[3]) => {
            const seq = await appendOutbox(trx, d.actor, d.hlc, w, d.now);
            await trx
              .insertInto('import_entries')
              .values({ seq, batch_id: batchId, entity: String(w.entity), row_id: w.rowId, phase: 'undo' })
              .execute();
            return seq;
          };
          const stamp = d.now.toISOString();
          // newest first, so a household link is undone before the household it points at
          for (const e of [...entries].reverse()) {
            if (!(e.entity in ENTITIES)) continue;
            const entity = e.entity as EntityName;
            const before = (
              await sql<Row>`select * from ${sql.table(entity)} where id = ${e.row_id}`.execute(trx)
            ).rows[0]!;
            let after: Row;
            if (e.op === 'create') after = { ...before, deleted_at: stamp };
            else {
              after = { ...before };
              for (const [f, [old]] of Object.entries(e.fields)) after[f] = old;
            }
            if ('updated_at' in after) after.updated_at = stamp;
            await updateRecorded(
              trx,
              record,
              entity,
              // rows read with select *: the whole row of `entity`, as the helper wants it
              before as unknown as SyncedRow<typeof entity>,
              derive(entity, after) as unknown as SyncedRow<typeof entity>,
              e.op === 'create' ? 'delete' : 'update',
            );
            undone++;
            setProgress(batchId, { phase: 'undoing', done: undone, total: entries.length });
          }
          // the register's local facts written by this batch go back to the version before it
          const regs = await trx
            .selectFrom('employer_registrations')
            .selectAll()
            .where('batch_id', '=', batchId)
            .execute();
          for (const r of regs) {
            if (!r.previous) {
              await trx
                .deleteFrom('employer_registrations')
                .where('credit_code', '=', r.credit_code)
                .execute();
              continue;
            }
            const p = JSON.parse(r.previous) as {
              legalRep: string | null;
              industryCode: string | null;
              registeredOn: string | null;
              status: string | null;
              deregistered: boolean;
            };
            await trx
              .updateTable('employer_registrations')
              .set({
                legal_rep: p.legalRep,
                industry_code: p.industryCode,
                registered_on: p.registeredOn,
                status: p.status,
                deregistered: p.deregistered ? 1 : 0,
                batch_id: null,
                previous: null,
                updated_at: stamp,
              })
              .where('credit_code', '=', r.credit_code)
              .execute();
          }
          await trx
            .updateTable('import_batches')
            .set({ status: 'undone', undone_at: stamp, undone_by: d.actor.name })
            .where('id', '=', batchId)
            .execute();
        });
      } catch (e) {
        setProgress(batchId, { phase: 'failed', done: undone, total: null });
        throw e;
      } finally {
        await writer.destroy();
      }
      setProgress(batchId, { phase: 'done', done: undone, total: undone });
      return { undone };
    },
  );
}
