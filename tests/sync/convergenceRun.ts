// One convergence run: a district, four desks over two communities (A1 a real headless station process,
// the others in this process), each behind its own fault proxy; now and then the district moves a person
// or decides a person registered at both communities, as its CLI does. Steps are drawn from a seed (deskSteps.ts)
// and executed as they are drawn, or replayed from a list; then the line comes back for everyone, the
// desks sync until quiet, a person works through the 同步 page (retry, then discard what is set aside),
// and the checks run (convergenceChecks.ts). Everything a run did is in its log, step by step.
import { sql } from 'kysely';
import { ApiError } from '../../shared/errors';
import { SyncError } from '../../server/errors';
import { resolveMerge } from '../../server/merges';
import { transferResident } from '../../server/transfers';
import type { MethodName } from '../../shared/contract';
import { todayInChina } from '../../shared/domain/dates';
import { mulberry32, pick, randomInt, type Rng } from '../factories/people';
import { COMMUNITY_A, COMMUNITY_B } from './harness';
import { startFaultProxy, type Fault, type FaultProxy } from './faultProxy';
import { childDesk, inProcessDesk, type Desk } from './desks';
import { startDistrictUnderTest, type DistrictUnderTest } from './district';
import { describeStep, nextWire, nextWork, type Holding, type Step, type World } from './deskSteps';
import { checkConvergence, type Problem } from './convergenceChecks';
import { Ledger } from './convergenceLedger';
import type { EntityName } from '../../shared/sync/entities';

export interface RunOptions {
  seed: number;
  /** Pieces of work after enrolment (each a desk action or a line/wire event). */
  ops: number;
  /** District and desk A1 as child processes (kill -9 is real); otherwise everything in this process. */
  processes: boolean;
  /** Replay these steps instead of drawing from the seed. */
  steps?: Step[];
}

export interface RunResult {
  steps: Step[];
  log: string[];
  problems: Problem[];
}

export const DESKS = [
  { name: 'A1', community: COMMUNITY_A, child: true },
  { name: 'A2', community: COMMUNITY_A, child: false },
  { name: 'B1', community: COMMUNITY_B, child: false },
  { name: 'B2', community: COMMUNITY_B, child: false },
] as const;

const byLabel = (a: string[], b: string[]) =>
  a[0]!.localeCompare(b[0]!, 'en', { numeric: true }) ||
  (a[1] ?? '').localeCompare(b[1] ?? '', 'en', { numeric: true });

const HOLDINGS: Record<Holding, { sql: string; entities: EntityName[] }> = {
  residents: { sql: 'select id from residents where deleted_at is null', entities: ['residents'] },
  members: {
    sql: 'select id, household_id from residents where deleted_at is null and household_id is not null',
    entities: ['residents', 'households'],
  },
  households: { sql: 'select id from households where deleted_at is null', entities: ['households'] },
  cards: {
    sql: "select id from cards where deleted_at is null and status = 'valid'",
    entities: ['cards'],
  },
  holderless: {
    sql: `select id from residents r where deleted_at is null and not exists (select 1 from cards c
      where c.resident_id = r.id and c.status = 'valid' and c.deleted_at is null)`,
    entities: ['residents'],
  },
  measures: {
    sql: `select m.id, c.id as card from plan_measures m join cards c on c.resident_id = m.plan_id
      and c.status = 'valid' and c.deleted_at is null where m.status = 'open' and m.deleted_at is null`,
    entities: ['plan_measures', 'cards'],
  },
  employers: { sql: 'select id from employers where deleted_at is null', entities: ['employers'] },
  vacancies: { sql: 'select id from vacancies where deleted_at is null', entities: ['vacancies'] },
};

export class ConvergenceRun {
  readonly ledger = new Ledger();
  readonly log: string[] = [];
  readonly steps: Step[] = [];
  readonly problems: Problem[] = [];
  readonly desks = new Map<string, Desk>();
  readonly enrolled = new Set<string>();
  readonly lineUp = new Map<string, boolean>();
  categories: string[] = [];
  readonly today = todayInChina();
  /** What a person saw set aside on the 同步 pages during the clean sync. */
  readonly setAside: Array<{
    desk: string;
    seq: number;
    entity: string;
    label: string;
    op: string;
    reason: string;
  }> = [];
  /** `${desk}:${entity}:${rowId}:${op}` of entries a person discarded. */
  readonly discarded = new Set<string>();

  private constructor(
    readonly district: DistrictUnderTest,
    readonly proxies: FaultProxy[],
  ) {}

  static async start(processes: boolean): Promise<ConvergenceRun> {
    // the station process and the district start side by side (each takes a second or two)
    const child = processes ? childDesk('A1', COMMUNITY_A).catch((e: Error) => e) : null;
    const district = await startDistrictUnderTest(processes ? 'process' : 'inprocess').catch(async (e) => {
      const c = await child;
      if (c && !(c instanceof Error)) await c.close();
      throw e;
    });
    const proxies: FaultProxy[] = [];
    const run = new ConvergenceRun(district, proxies);
    try {
      for (const d of DESKS) {
        const proxy = await startFaultProxy(district.url);
        proxies.push(proxy);
        let desk: Desk;
        if (d.child && child) {
          const c = await child;
          if (c instanceof Error) throw c;
          desk = Object.assign(c, { proxy });
        } else desk = await inProcessDesk(d.name, d.community, proxy);
        run.desks.set(d.name, desk);
        run.lineUp.set(d.name, true);
      }
      const cats = await run.desk('A2').call('reference.assistanceCategories', {});
      run.categories = cats.items.map((c) => c.code).sort();
    } catch (e) {
      await run.close();
      const c = await child;
      if (c && !(c instanceof Error) && !run.desks.has('A1')) await c.close();
      throw e;
    }
    return run;
  }

  desk(name: string): Desk {
    const d = this.desks.get(name);
    if (!d) throw new Error(`no desk ${name}`);
    return d;
  }

  readonly world: World = {
    desks: DESKS.map((d) => d.name),
    communityOf: (desk) => this.desk(desk).community,
    holds: async (desk, what) => {
      const h = HOLDINGS[what];
      const { rows } = await sql.raw<Record<string, string>>(h.sql).execute(this.desk(desk).db);
      const out: string[][] = [];
      for (const r of rows) {
        const labels = Object.values(r).map((id, i) => this.ledger.labelOf(h.entities[i]!, id));
        if (labels.every((l): l is string => l !== undefined)) out.push(labels);
      }
      return out.sort(byLabel);
    },
    people: this.ledger.people,
    employers: this.ledger.employers,
    categories: () => this.categories,
  };

  async execute(step: Step): Promise<void> {
    this.steps.push(step);
    const n = this.steps.length;
    const t0 = Date.now();
    const note = (outcome: string) =>
      this.log.push(`#${n} ${describeStep(step)} → ${outcome} [${Date.now() - t0} ms]`);
    try {
      note(await this.#execute(step));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      note(`FAILED: ${message}`);
      this.problems.push({
        kind: `step fails: ${step.kind}`,
        text: `#${n} ${describeStep(step)}: ${message}`,
      });
    }
  }

  async #execute(step: Step): Promise<string> {
    switch (step.kind) {
      case 'call': {
        this.ledger.expect(step.makes);
        const outcome = await this.#call(step.desk, step.method, step.input);
        if (!step.makes && this.ledger.madeNow.length) step.makes = [...this.ledger.madeNow];
        return outcome;
      }
      case 'sync':
        return this.#sync(this.desk(step.desk));
      case 'line':
        this.desk(step.desk).proxy.down = !step.up;
        this.lineUp.set(step.desk, step.up);
        return 'ok';
      case 'fault':
        this.desk(step.desk).proxy.faults.push(
          step.fault === 'cutUpload'
            ? { kind: 'cutUpload', afterBytes: step.bytes ?? 100 }
            : { kind: step.fault },
        );
        return 'queued';
      case 'enroll': {
        const desk = this.desk(step.desk);
        if (this.enrolled.has(desk.name)) return 'already enrolled';
        const { code } = await this.district.addStation(desk.community);
        const r = await this.#clearLine(desk, [], () =>
          desk.call('sync.enroll', { serverUrl: desk.proxy.url, code }),
        );
        this.enrolled.add(desk.name);
        return `station number ${r.stationNumber}`;
      }
      case 'backup':
        await this.district.backup();
        return 'ok';
      case 'restore':
        if (!this.district.hasBackup()) return 'no backup yet: skipped';
        await this.district.restoreBackup();
        return 'ok';
      case 'transfer': {
        const id = this.ledger.ids.get(step.resident);
        if (!id) return `skipped: ${step.resident} never made`;
        try {
          const t = await transferResident(this.district.ctx(), id, step.to);
          return `moved from ${t.from}`;
        } catch (e) {
          if (e instanceof SyncError) return `refused: ${e.message}`;
          throw e;
        }
      }
      case 'resolveMerge': {
        const tasks = await this.#openTasks();
        const task = tasks[step.nth % Math.max(1, tasks.length)];
        if (!task) return 'no open merge task';
        const keep = task.communities[step.keep % task.communities.length]!;
        try {
          const r = await resolveMerge(this.district.ctx(), task.id, keep);
          return `${task.label}: kept ${keep}, proposals applied ${r.proposals.applied}, dropped ${r.proposals.dropped}`;
        } catch (e) {
          if (e instanceof SyncError) return `refused: ${e.message}`;
          throw e;
        }
      }
      case 'killServer': {
        const desk = this.desk(step.desk);
        const outcome = await this.#clearLine(
          desk,
          this.#killAt(step.answer, () => this.district.kill(), false),
          () => this.#sync(desk),
        );
        const fired = !this.district.running();
        await this.district.restart();
        return `${fired ? 'killed mid-sync' : 'sync ended first, killed after it'}; sync: ${outcome}; restarted`;
      }
      case 'killDesk': {
        const desk = this.desk(step.desk);
        const kill = desk.killHook?.() ?? (() => {});
        const outcome = await this.#clearLine(desk, this.#killAt(step.answer, kill, step.deliverFirst), () =>
          this.#sync(desk),
        );
        const fired = !desk.running();
        await desk.restart();
        return `${fired ? 'killed mid-sync' : 'sync ended first, killed after it'}; sync: ${outcome}; restarted`;
      }
    }
  }

  /** The district's open merge tasks, in the order of the labels of their registrations. */
  async #openTasks(): Promise<Array<{ id: string; label: string; communities: string[] }>> {
    const rows = await this.district
      .db()
      .selectFrom('merge_tasks')
      .select(['id', 'kept_id', 'merged_id', 'communities'])
      .where('status', '=', 'open')
      .execute();
    const label = (id: string) => this.ledger.labelOf('residents', id) ?? `~${id}`;
    return rows
      .map((r) => ({
        id: r.id,
        label: `${label(r.kept_id)}/${label(r.merged_id)}`,
        communities: (JSON.parse(r.communities) as string[]).sort(),
      }))
      .sort((a, b) => a.label.localeCompare(b.label, 'en', { numeric: true }));
  }

  #killAt(answer: number, hook: () => void, deliverFirst: boolean): Fault[] {
    return [...Array<Fault>(answer).fill({ kind: 'pass' }), { kind: 'onAnswer', hook, deliverFirst }];
  }

  /** Runs `fn` with the desk's line up and only `faults` queued, then puts the line back as it was. */
  async #clearLine<T>(desk: Desk, faults: Fault[], fn: () => Promise<T>): Promise<T> {
    const saved = { down: desk.proxy.down, faults: desk.proxy.faults };
    desk.proxy.down = false;
    desk.proxy.faults = faults;
    try {
      return await fn();
    } finally {
      desk.proxy.down = saved.down;
      desk.proxy.faults = saved.faults;
    }
  }

  async #sync(desk: Desk): Promise<string> {
    try {
      const r = await desk.call('sync.now', {});
      return `pushed ${r.pushed}, pulled ${r.pulled}, rejected ${r.rejected}, conflicts ${r.conflicts}`;
    } catch (e) {
      return `sync failed: ${(e as Error).message}`;
    }
  }

  async #call(deskName: string, method: MethodName, raw: Record<string, unknown>): Promise<string> {
    const desk = this.desk(deskName);
    const unknown = this.ledger.unknownLabels(raw);
    if (unknown.length) return `skipped: ${unknown.join(', ')} never made`;
    const input = this.ledger.resolve(raw) as Record<string, unknown>;
    let out: Record<string, unknown>;
    try {
      out = (await desk.call(method, input as never)) as Record<string, unknown>;
    } catch (e) {
      // a desk refusing an action (the person is already registered here, the card is no longer valid) is
      // ordinary; an internal error is not
      if (e instanceof ApiError && e.code !== 'internal') return `refused (${e.code}): ${e.message}`;
      throw e;
    }
    return this.#record(desk, method, input, out);
  }

  async #record(
    on: Desk,
    method: MethodName,
    input: Record<string, unknown>,
    out: Record<string, unknown>,
  ): Promise<string> {
    const L = this.ledger;
    const desk = on.name;
    const id = String(out.id ?? '');
    switch (method) {
      case 'residents.create':
        L.people.push({ desk, name: String(input.name), idNumber: String(input.idNumber) });
        return `made ${L.make(desk, 'residents', id)}`;
      case 'residents.remove':
        L.removed.add(`residents:${String(input.id)}`);
        return 'ok';
      case 'households.create':
        return `made ${L.make(desk, 'households', id)}`;
      case 'cards.issue':
      case 'cards.replace': {
        const label = L.make(desk, 'cards', id);
        L.make(desk, 'card_plans', String(out.residentId));
        const contact = out.contact as { id: string } | null;
        if (contact) L.make(desk, 'contact_cards', contact.id, id);
        return `made ${label} ${String(out.cardNumber)}`;
      }
      case 'cards.setContact':
        return `contact card ${L.make(desk, 'contact_cards', id, String(out.cardId))}`;
      case 'plans.addMeasure':
        return `made ${L.make(desk, 'plan_measures', id)}`;
      case 'plans.addService':
        return `made ${L.make(desk, 'plan_services', id)}`;
      case 'plans.completeMeasure': {
        // a completed measure is a service given: the desk adds it to the timeline itself
        const rows = await sql<{ id: string }>`select id from plan_services where measure_id = ${id}
          order by created_at`.execute(on.db);
        const made = rows.rows.filter((r) => !L.labelOf('plan_services', r.id));
        return made.length
          ? `service ${made.map((r) => L.make(desk, 'plan_services', r.id)).join(' ')}`
          : 'ok';
      }
      case 'cards.logPrint':
        return `made ${(out.items as Array<{ id: string }>).map((p) => L.make(desk, 'card_prints', p.id)).join(' ')}`;
      case 'employers.create':
        L.employers.push({ desk, creditCode: String(input.creditCode), name: String(input.name) });
        return `made ${L.make(desk, 'employers', id)}`;
      case 'vacancies.create':
        return `made ${L.make(desk, 'vacancies', id)}`;
      default:
        return 'ok';
    }
  }

  /** Draws and executes a seed's steps: desk work before enrolment, enrolment, then `ops` pieces of work. */
  async drawAndExecute(seed: number, ops: number): Promise<void> {
    const rng = mulberry32(seed);
    const names = DESKS.map((d) => d.name);
    const work = async (desk: string) => {
      for (const s of await nextWork(rng, this.world, desk, this.today)) await this.execute(s);
    };
    // some PCs are set up and used for a while before the district hands out their enrolment code
    for (const desk of names) {
      const before = rng() < 0.5 ? 0 : randomInt(rng, 1, 4);
      for (let i = 0; i < before; i++) await work(desk);
    }
    for (const desk of shuffled(rng, names)) {
      await this.execute({ kind: 'enroll', desk });
      await this.execute({ kind: 'sync', desk });
    }
    const backupAt = randomInt(rng, 2, Math.floor(ops / 3));
    const restoreAt = randomInt(rng, backupAt + 5, ops - 2);
    const serverKillAt = randomInt(rng, 3, ops - 2);
    const deskKillAt = randomInt(rng, 3, ops - 2);
    const killed = { desk: pick(rng, names), answer: randomInt(rng, 0, 1) };
    const deskKill = { answer: randomInt(rng, 0, 2), deliverFirst: rng() < 0.5 };
    // CONVERGE_SKIP=restore,killServer,killDesk leaves events out, to tell their failures from the rest
    const skip = new Set((process.env.CONVERGE_SKIP ?? '').split(','));
    for (let i = 0; i < ops; i++) {
      if (i === backupAt && !skip.has('restore')) await this.execute({ kind: 'backup' });
      if (i === serverKillAt && !skip.has('killServer'))
        await this.execute({ kind: 'killServer', ...killed });
      if (i === deskKillAt && !skip.has('killDesk'))
        await this.execute({ kind: 'killDesk', desk: 'A1', ...deskKill });
      if (i === restoreAt && !skip.has('restore')) await this.execute({ kind: 'restore' });
      const desk = pick(rng, names);
      const r = rng();
      if (r < 0.03) {
        // the district's own work: moving someone, deciding a person registered at both communities
        const people = await this.world.holds(desk, 'residents');
        if (rng() < 0.4 && people.length)
          await this.execute({
            kind: 'transfer',
            resident: pick(rng, people)[0]!,
            to: this.desk(desk).community === COMMUNITY_A ? COMMUNITY_B : COMMUNITY_A,
          });
        else
          await this.execute({ kind: 'resolveMerge', nth: randomInt(rng, 0, 3), keep: rng() < 0.5 ? 0 : 1 });
      } else if (r < 0.3) await this.execute(nextWire(rng, desk, this.lineUp.get(desk)!));
      else await work(desk);
    }
  }

  async replay(steps: Step[]): Promise<void> {
    for (const s of steps) await this.execute(s);
  }

  /** The line comes back everywhere; desks sync until quiet; a person retries, then discards, what is set aside. */
  async settle(): Promise<void> {
    if (!this.district.running()) await this.district.restart();
    for (const desk of this.desks.values()) {
      if (!desk.running()) await desk.restart();
      desk.proxy.down = false;
      desk.proxy.faults = [];
      this.lineUp.set(desk.name, true);
      if (!this.enrolled.has(desk.name)) await this.execute({ kind: 'enroll', desk: desk.name });
    }
    await this.#rounds(3, false);
    for (const resolution of ['retry', 'discard'] as const) {
      for (const desk of this.desks.values()) {
        const { items } = await desk.call('sync.setAside', {});
        for (const item of items) {
          const what = `${desk.name} set aside #${item.seq} ${item.entity} ${item.op} “${item.label}”: ${item.reason}`;
          this.log.push(`settle: ${what} → ${resolution}`);
          if (resolution === 'retry') this.setAside.push({ desk: desk.name, ...item });
          try {
            if (resolution === 'retry') await desk.call('sync.retry', { seq: item.seq });
            else {
              await desk.call('sync.discard', { seq: item.seq });
              this.discarded.add(`${desk.name}:${item.entity}:${item.rowId}:${item.op}`);
            }
          } catch (e) {
            this.problems.push({
              kind: `set aside: ${resolution} fails`,
              text: `${what}: ${resolution} fails: ${(e as Error).message}`,
            });
          }
        }
      }
      await this.#rounds(2, resolution === 'discard');
    }
  }

  async #rounds(n: number, final: boolean): Promise<void> {
    const last = new Map<string, string>();
    for (let round = 0; round < n; round++)
      for (const desk of this.desks.values()) {
        const outcome = await this.#sync(desk);
        this.log.push(`settle: ${desk.name} sync → ${outcome}`);
        last.set(desk.name, outcome);
      }
    if (final)
      for (const [desk, outcome] of last)
        if (outcome.startsWith('sync failed'))
          this.problems.push({
            kind: `sync fails: ${shape(outcome)}`,
            text: `${desk} cannot sync: ${outcome}`,
          });
  }

  async check(): Promise<void> {
    this.problems.push(...(await checkConvergence(this)));
  }

  async close(): Promise<void> {
    for (const desk of this.desks.values()) await desk.close().catch(() => undefined);
    for (const p of this.proxies) await p.close();
    await this.district.close();
  }
}

/** A message with its ids and numbers taken out: failures of one kind group together. */
export function shape(message: string): string {
  return message
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f-]{4,}/g, '<id>')
    .replace(/\d+/g, 'N')
    .slice(0, 160);
}

function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(rng, 0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export async function runConvergence(opts: RunOptions): Promise<RunResult> {
  const run = await ConvergenceRun.start(opts.processes);
  try {
    if (opts.steps) await run.replay(opts.steps);
    else await run.drawAndExecute(opts.seed, opts.ops);
    await run.settle();
    await run.check();
    return { steps: run.steps, log: run.log, problems: run.problems };
  } finally {
    await run.close();
  }
}
