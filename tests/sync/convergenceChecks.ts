// What must hold once every desk has synced after a convergence run, each failure as one readable line
// (which desk, which entity and row, which field) with a kind that groups failures of one cause:
// - nothing pending, nothing left set aside, every set-aside entry readable (a Chinese reason, a label);
// - every desk holds exactly the district's live rows of its community, every synced entity, field by field;
// - nothing lost: every row a desk made is at the district (or redirected to the row it duplicated), live
//   unless someone removed it or the district's merge decision retired it, unless a person discarded its
//   create from the 同步 page;
// - nothing doubled: one live person per ID number in a community (in two only while the district's merge
//   task is open), one employer per credit code in a community, one row per card number, one valid card
//   per person record, one contact card per card, one plan per holder, and no live row that no desk made.
import type { EntityName } from '../../shared/sync/entities';
import { ENTITY_NAMES } from '../../shared/sync/entities';
import { describeDifference, rowDifferences, serverRows, stationRows } from './harness';
import type { ConvergenceRun } from './convergenceRun';
import { readStoredFields } from '../../server/sync/rowCodec';

export interface Problem {
  /** What kind of failure, without ids: the same cause gives the same kind across seeds. */
  kind: string;
  text: string;
}

const HAN = /\p{Script=Han}/u;

export async function checkConvergence(run: ConvergenceRun): Promise<Problem[]> {
  const problems: Problem[] = [];
  const L = run.ledger;
  const nameOf = (entity: string, id: string, row?: Record<string, unknown>) => {
    const label = L.labelOf(entity as EntityName, id) ?? id.slice(0, 13);
    const what =
      entity === 'residents'
        ? row?.name
        : entity === 'cards'
          ? row?.card_number
          : entity === 'employers'
            ? row?.name
            : '';
    return `${entity} ${label}${what ? ` (${String(what)})` : ''}`;
  };

  for (const s of run.setAside) {
    const where = `${s.desk} set aside #${s.seq} ${s.entity} ${s.op}`;
    if (!HAN.test(s.reason))
      problems.push({ kind: 'set aside: reason not Chinese', text: `${where}: reason “${s.reason}”` });
    if (!s.label.trim() || /^[a-z_]+$/.test(s.label))
      problems.push({
        kind: `set aside: no label a person can read (${s.entity})`,
        text: `${where}: label “${s.label}” (reason: ${s.reason})`,
      });
  }

  for (const desk of run.desks.values()) {
    const status = await desk.call('sync.status', {});
    if (status.pendingCount > 0)
      problems.push({
        kind: 'pending after a clean sync',
        text: `${desk.name} still has ${status.pendingCount} entries pending (last error: ${status.lastError ?? 'none'})`,
      });
    for (const s of status.setAside)
      problems.push({
        kind: 'set aside after discard',
        text: `${desk.name} still shows set aside #${s.seq} ${s.entity} ${s.op}: ${s.reason}`,
      });
    const [mine, theirs] = await Promise.all([
      stationRows(desk.db, ENTITY_NAMES),
      serverRows(desk.db, ENTITY_NAMES, run.district.url),
    ]);
    for (const d of rowDifferences(mine, theirs)) {
      const id = d.key.slice(d.entity.length + 1);
      problems.push({
        kind: d.only ? `${d.entity} only on the ${d.only}` : `differs ${d.entity}.${d.field}`,
        text: `${desk.name}: ${describeDifference(d, () => nameOf(d.entity, id, d.row))}`,
      });
    }
  }

  problems.push(...(await lostOrDoubled(run, nameOf)));
  return problems;
}

interface ServerRow {
  entity: string;
  id: string;
  community: string;
  fields: Record<string, unknown>;
  deleted: boolean;
}

async function lostOrDoubled(
  run: ConvergenceRun,
  nameOf: (entity: string, id: string, row?: Record<string, unknown>) => string,
): Promise<Problem[]> {
  const problems: Problem[] = [];
  const db = run.district.db();
  const rows = new Map<string, ServerRow>();
  for (const r of await db.selectFrom('sync_rows').selectAll().execute())
    rows.set(`${r.entity}:${r.row_id}`, {
      entity: r.entity,
      id: r.row_id,
      community: r.community_code,
      fields: await readStoredFields(db, r.fields),
      deleted: Number(r.deleted) === 1,
    });
  const redirects = new Map<string, string>();
  for (const r of await db.selectFrom('redirects').selectAll().execute())
    redirects.set(`${r.entity}:${r.old_id}`, r.new_id);
  const resolve = (entity: string, id: string) => {
    let cur = id;
    for (let hop = 0; hop < 10 && redirects.has(`${entity}:${cur}`); hop++)
      cur = redirects.get(`${entity}:${cur}`)!;
    return cur;
  };
  const L = run.ledger;
  const removed = new Set(
    [...L.removed].map((k) => `residents:${resolve('residents', k.slice('residents:'.length))}`),
  );
  const live = [...rows.values()].filter((r) => !r.deleted);
  // registrations a merge decision of the district retired: deleted there, though no desk removed them
  const decided = new Set(
    (
      await db
        .selectFrom('merge_tasks')
        .select(['kept_id', 'merged_id'])
        .where('status', '=', 'resolved')
        .execute()
    ).flatMap((t) => [t.kept_id, t.merged_id]),
  );

  // lost
  const madeIds = new Set<string>();
  for (const m of L.made) {
    const where = `${nameOf(m.entity, m.id)} made at ${m.desk}`;
    if (run.discarded.has(`${m.desk}:${m.entity}:${m.id}:create`)) continue;
    if (m.entity === 'contact_cards') {
      if (!live.some((r) => r.entity === 'contact_cards' && r.fields.card_id === m.cardId))
        problems.push({
          kind: 'lost contact_cards',
          text: `${where}: the district has no contact card for its card`,
        });
      continue;
    }
    const id = resolve(m.entity, m.id);
    madeIds.add(`${m.entity}:${id}`);
    const r = rows.get(`${m.entity}:${id}`);
    if (!r) problems.push({ kind: `lost ${m.entity}`, text: `${where} is not at the district` });
    else if (r.deleted && !(m.entity === 'residents' && (removed.has(`residents:${id}`) || decided.has(id))))
      problems.push({
        kind: `lost ${m.entity}`,
        text: `${where} is deleted at the district, though nobody removed it`,
      });
  }

  // the same in counts, per entity: what the desks made (after merges) against what the district holds
  const tally = new Map<string, { made: Set<string>; held: number }>();
  for (const key of madeIds) {
    const entity = key.slice(0, key.indexOf(':'));
    const t = tally.get(entity) ?? { made: new Set<string>(), held: 0 };
    t.made.add(key);
    if (rows.has(key)) t.held++;
    tally.set(entity, t);
  }
  for (const [entity, t] of tally)
    if (t.held < t.made.size)
      problems.push({
        kind: `lost ${entity}`,
        text: `${entity}: the desks made ${t.made.size} (after merges), the district holds ${t.held} of them`,
      });

  // doubled
  const groups = (entity: string, key: (r: ServerRow) => unknown, among = live) => {
    const out = new Map<string, ServerRow[]>();
    for (const r of among) {
      if (r.entity !== entity) continue;
      const k = key(r);
      if (k === null || k === undefined) continue;
      const list = out.get(String(k)) ?? [];
      list.push(r);
      out.set(String(k), list);
    }
    return [...out].filter(([, list]) => list.length > 1);
  };
  const names = (list: ServerRow[]) => list.map((r) => nameOf(r.entity, r.id, r.fields)).join(', ');
  // one live person per ID number in a community; in two communities only while the district's merge task
  // for that number is open (the second registration is held as its own row until the district decides)
  const openTasks = new Set(
    (await db.selectFrom('merge_tasks').select('id_number').where('status', '=', 'open').execute()).map(
      (t) => t.id_number,
    ),
  );
  for (const [, list] of groups('residents', (r) => `${r.community}:${String(r.fields.id_number)}`))
    problems.push({
      kind: 'doubled residents (one ID number in one community)',
      text: `one person, ${list.length} live rows: ${names(list)}`,
    });
  for (const [number, list] of groups('residents', (r) => r.fields.id_number))
    if (new Set(list.map((r) => r.community)).size > 1 && !openTasks.has(number))
      problems.push({
        kind: 'doubled residents (two communities, no open merge task)',
        text: `one person, live in ${list.map((r) => r.community).join(' and ')}: ${names(list)}`,
      });
  for (const [, list] of groups('employers', (r) => `${r.community}:${String(r.fields.credit_code)}`))
    problems.push({
      kind: 'doubled employers (one credit code)',
      text: `one employer, ${list.length} live rows: ${names(list)}`,
    });
  for (const [number, list] of groups('cards', (r) => r.fields.card_number, [...rows.values()]))
    problems.push({
      kind: 'doubled card number',
      text: `card number ${number} on ${list.length} cards: ${names(list)}`,
    });
  for (const [holder, list] of groups('cards', (r) =>
    r.fields.status === 'valid' ? r.fields.resident_id : null,
  ))
    problems.push({
      kind: 'one person, two valid cards',
      text: `${nameOf('residents', holder)} holds ${list.length} valid cards at the district: ${names(list)}`,
    });
  for (const [card, list] of groups('contact_cards', (r) => r.fields.card_id))
    problems.push({
      kind: 'doubled contact card',
      text: `${nameOf('cards', card)} has ${list.length} contact cards at the district: ${names(list)}`,
    });
  for (const [holder, list] of groups('card_plans', (r) => r.fields.resident_id))
    problems.push({
      kind: 'doubled plan',
      text: `${nameOf('residents', holder)} has ${list.length} plans: ${names(list)}`,
    });
  const tracked: EntityName[] = [
    'residents',
    'households',
    'cards',
    'plan_measures',
    'plan_services',
    'employers',
    'vacancies',
    'card_prints',
  ];
  for (const r of live)
    if (tracked.includes(r.entity as EntityName) && !madeIds.has(`${r.entity}:${r.id}`))
      problems.push({
        kind: `doubled ${r.entity} (nobody made it)`,
        text: `${nameOf(r.entity, r.id, r.fields)} is live at the district but no desk made it`,
      });
  return problems;
}
