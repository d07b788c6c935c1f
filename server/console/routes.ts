// POST /console/api/<method>: the console's contract (shared/contract/console.ts) over HTTP. Guards: every
// body parsed with its zod schema before anything runs; every method but login needs a live session; a
// street account is held to its street on the server (never trusted from the page); viewers read only;
// every refusal answers a clear 4xx in Chinese and is written to the audit log, as is every full ID
// number read and every decision.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
import { consoleContract, type ConsoleMethod, type ConsoleUser } from '../../shared/contract/console';
import { toPeriod } from '../../shared/reports/query';
import { maskIdNumber } from '../../shared/validators/idNumber';
import { bulletinXlsx } from '../../nodelib/reports/xlsx';
import { bulletinRows, bulletinTitle } from '../../shared/reports/bulletin';
import type { ServerContext } from '../context';
import { SyncError } from '../errors';
import { listMergeTasks, resolveMerge } from '../merges';
import { districtReport, districtSource, figureList, loadCategories, loadUnits } from '../reports/service';
import { BundleRefused } from '../../nodelib/bundle';
import { importBundle } from '../delivery/importBundle';
import { loadReference, previewReference, type ReferenceFile } from '../reference';
import { addStation, revokeStation } from '../stations';
import { transferResident } from '../transfers';
import { authenticate, changePassword, login, logout } from './accounts';
import { programmeFigures } from './programmes';
import { listConflicts, listTransfers, mergeDetail, reviewConflict } from './stewardship';
import { audit } from './audit';
import { ConsoleError } from './errors';
import { fleet } from './fleet';

type Input<M extends ConsoleMethod> = z.output<(typeof consoleContract)[M]>;
type Authed = ConsoleUser & { tokenHash: string; mustChange: boolean };
/** What a street account sees of another street's registration in a merge task. */
const IDENTITY_FIELDS = new Set(['name', 'id_number', 'birth_date', 'sex']);
/** Files handed in (reference data, USB bundles): one refused as malformed or oversize is logged too. */
const FILE_METHODS = new Set<string>(['reference.preview', 'reference.load', 'bundles.import']);
/** Methods open to a user who still holds the one-time password. */
const BEFORE_CHANGE = new Set<string>(['me', 'logout', 'password.change']);

function parse<M extends ConsoleMethod>(method: M, body: unknown): Input<M> {
  const r = consoleContract[method].safeParse(body ?? {});
  if (!r.success) {
    const first = r.error.issues[0];
    throw new ConsoleError('invalid_input', first ? first.message : '请求内容不正确', {
      issues: r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    });
  }
  return r.data as Input<M>;
}

async function refuse(
  ctx: ServerContext,
  user: Authed,
  action: string,
  target: string | null,
  e: ConsoleError | SyncError,
): Promise<never> {
  await audit(ctx, { username: user.username, action, target, outcome: 'refused', detail: e.code });
  throw e;
}

/** The communities a user may see, or 'all'. */
async function scopeOf(
  ctx: ServerContext,
  user: ConsoleUser,
): Promise<{ streets: string[] | 'all'; communities: string[] | 'all' }> {
  if (user.role !== 'street') return { streets: 'all', communities: 'all' };
  const { communities } = await loadUnits(ctx.store.db);
  return {
    streets: [user.streetCode!],
    communities: communities.filter((c) => c.streetCode === user.streetCode).map((c) => c.code),
  };
}

const inScope = (scope: string[] | 'all', code: string) => scope === 'all' || scope.includes(code);

export function registerConsoleApi(app: FastifyInstance, ctx: ServerContext): void {
  void app.register(
    async (api) => {
      api.setErrorHandler((err, _req, reply: FastifyReply) => {
        if (err instanceof ConsoleError) return reply.status(err.status).send(err.toBody());
        if (err instanceof SyncError)
          return reply.status(err.status).send({ error: { code: err.code, message: err.message } });
        if (err instanceof BundleRefused)
          return reply.status(400).send({
            error: { code: 'invalid_input', message: err.message, details: { reason: err.reason } },
          });
        const e = err as { statusCode?: number; message?: string };
        if (e.statusCode && e.statusCode < 500)
          return reply
            .status(e.statusCode)
            .send({ error: { code: 'invalid_input', message: '请求内容不是有效的 JSON' } });
        return reply.status(500).send({ error: { code: 'internal', message: '服务器内部错误，请稍后再试' } });
      });
      api.setNotFoundHandler((_req, reply) =>
        reply.status(404).send({ error: { code: 'not_found', message: '没有这个接口' } }),
      );

      const route = <M extends ConsoleMethod>(
        method: M,
        handler: (input: Input<M>, user: Authed, reply: FastifyReply) => Promise<unknown>,
      ) =>
        api.post(`/${method}`, async (req, reply) => {
          const user = await authenticate(ctx, req.headers.authorization, method);
          if (user.mustChange && !BEFORE_CHANGE.has(method))
            await refuse(
              ctx,
              user,
              method,
              null,
              new ConsoleError('password_change_required', '首次登录请先修改一次性密码'),
            );
          let input: Input<M>;
          try {
            input = parse(method, req.body);
          } catch (e) {
            if (FILE_METHODS.has(method) && e instanceof ConsoleError)
              await refuse(ctx, user, method, null, e);
            throw e;
          }
          return handler(input, user, reply);
        });

      api.post('/login', async (req) => {
        const input = parse('login', req.body);
        return login(ctx, input.username, input.password);
      });
      route('logout', async (_i, user) => {
        await logout(ctx, user.tokenHash);
        return { ok: true };
      });
      route('me', async (_i, user) => ({
        username: user.username,
        role: user.role,
        streetCode: user.streetCode,
        mustChange: user.mustChange,
      }));
      route('password.change', async (input, user) => {
        await changePassword(ctx, user, input.current, input.next);
        return { ok: true };
      });
      route('units.list', async (_i, user) => {
        const units = await loadUnits(ctx.store.db);
        if (user.role !== 'street') return units;
        return {
          streets: units.streets.filter((s) => s.code === user.streetCode),
          communities: units.communities.filter((c) => c.streetCode === user.streetCode),
        };
      });

      /** Only district accounts change the fleet, the reference data and what arrives on a USB stick. */
      const districtOnly = async (user: Authed, action: string, target: string | null) => {
        if (user.role !== 'district')
          await refuse(
            ctx,
            user,
            action,
            target,
            new ConsoleError(
              'forbidden_role',
              user.role === 'viewer' ? '只读账号不能作出决定' : '这项操作只有区里的账号可以做',
            ),
          );
      };
      const decided = (user: Authed, action: string, target: string | null, detail: string | null) =>
        audit(ctx, { username: user.username, action, target, outcome: 'ok', detail });

      route('stations.enrol', async (input, user) => {
        await districtOnly(user, 'stations.enrol', input.communityCode);
        const r = await addStation(ctx, input.communityCode, input.name || undefined);
        await decided(user, 'stations.enrol', r.stationId, `community=${input.communityCode}`);
        return r;
      });
      route('stations.revoke', async (input, user) => {
        await districtOnly(user, 'stations.revoke', input.stationId);
        await revokeStation(ctx, input.stationId);
        await decided(user, 'stations.revoke', input.stationId, null);
        return { ok: true };
      });

      route('merges.detail', async (input, user) => {
        const d = await mergeDetail(ctx, input.taskId);
        const scope = await scopeOf(ctx, user);
        if (!d.sides.some((x) => inScope(scope.communities, x.community)))
          await refuse(
            ctx,
            user,
            'merges.detail',
            input.taskId,
            new ConsoleError('out_of_scope', '此任务不涉及本街道的社区'),
          );
        if (scope.communities === 'all') return d;
        // a street sees another street's registration only as far as identity (DESIGN.md: scope through identity)
        const hidden = d.sides.map((x) => !inScope(scope.communities, x.community));
        return {
          ...d,
          fields: d.fields.map((f) =>
            IDENTITY_FIELDS.has(f.field)
              ? f
              : { ...f, values: f.values.map((v, i) => (hidden[i] ? '' : v)), differs: false },
          ),
        };
      });

      route('conflicts.list', async (input, user) => {
        const scope = await scopeOf(ctx, user);
        return listConflicts(ctx, scope.communities, input);
      });
      route('conflicts.review', async (input, user) => {
        if (user.role === 'viewer')
          await refuse(
            ctx,
            user,
            'conflicts.review',
            input.id,
            new ConsoleError('forbidden_role', '只读账号不能作出决定'),
          );
        const scope = await scopeOf(ctx, user);
        try {
          await reviewConflict(ctx, input.id, scope.communities);
        } catch (e) {
          if (e instanceof ConsoleError && e.code === 'out_of_scope')
            await refuse(ctx, user, 'conflicts.review', input.id, e);
          throw e;
        }
        await decided(user, 'conflicts.review', input.id, null);
        return { ok: true };
      });

      route('transfers.list', async (_i, user) => {
        const scope = await scopeOf(ctx, user);
        return { items: await listTransfers(ctx, scope.communities) };
      });
      route('transfers.create', async (input, user) => {
        await districtOnly(user, 'transfers.create', input.residentId);
        const r = await transferResident(ctx, input.residentId, input.toCommunity, user.username);
        await decided(user, 'transfers.create', input.residentId, `from=${r.from};to=${r.to}`);
        return r;
      });

      const referenceOf = (text: string): ReferenceFile => {
        try {
          return JSON.parse(text) as ReferenceFile;
        } catch {
          throw new ConsoleError('invalid_input', '参考数据文件不是有效的 JSON');
        }
      };
      /** A reference file's own faults (not JSON, not the format, a version twice): refused and logged. */
      const checked = async <T>(user: Authed, action: string, fn: () => Promise<T>): Promise<T> => {
        try {
          return await fn();
        } catch (e) {
          if ((e instanceof ConsoleError || e instanceof SyncError) && e.status < 500)
            await refuse(ctx, user, action, null, e);
          throw e;
        }
      };
      route('reference.preview', async (input, user) => {
        await districtOnly(user, 'reference.preview', null);
        return checked(user, 'reference.preview', () => previewReference(ctx, referenceOf(input.text)));
      });
      route('reference.load', async (input, user) => {
        await districtOnly(user, 'reference.load', null);
        const { file, preview } = await checked(user, 'reference.load', async () => {
          const file = referenceOf(input.text);
          return { file, preview: await previewReference(ctx, file) };
        });
        if (preview.orphans.length) {
          const n = preview.orphans.reduce((a, o) => a + o.residents, 0);
          await audit(ctx, {
            username: user.username,
            action: 'reference.load',
            target: preview.version,
            outcome: 'refused',
            detail: 'orphans',
          });
          throw new ConsoleError(
            'conflict',
            `这个版本删去了仍有居民的社区（${preview.orphans.map((o) => o.name ?? o.code).join('、')}，共 ${n} 人），不能导入；请先迁移这些居民`,
          );
        }
        const r = await checked(user, 'reference.load', () => loadReference(ctx, file));
        await decided(user, 'reference.load', r.version, null);
        return r;
      });

      route('audit.list', async (input, user) => {
        await districtOnly(user, 'audit.list', null);
        let q = ctx.store.db.selectFrom('console_audit');
        if (input.outcome) q = q.where('outcome', '=', input.outcome);
        const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
        const items = await q
          .selectAll()
          .orderBy('at', 'desc')
          .orderBy('id')
          .offset(input.offset)
          .limit(input.limit)
          .execute();
        return { total: Number(total?.n ?? 0), items };
      });

      route('bundles.import', async (input, user) => {
        await districtOnly(user, 'bundles.import', null);
        let r;
        try {
          r = await importBundle(ctx, input.text);
        } catch (e) {
          if (e instanceof BundleRefused)
            await audit(ctx, {
              username: user.username,
              action: 'bundles.import',
              target: null,
              outcome: 'refused',
              detail: e.reason,
            });
          throw e;
        }
        await decided(user, 'bundles.import', r.stationId, `entries=${r.entries}${r.again ? ';again' : ''}`);
        return {
          stationId: r.stationId,
          communityCode: r.communityCode,
          stationNumber: r.stationNumber,
          entries: r.entries,
          counts: r.counts,
          again: r.again,
          receipt: r.receipt,
        };
      });

      route('reports.district', async (input, user) => {
        if (user.role === 'street' && input.street && input.street !== user.streetCode)
          await refuse(
            ctx,
            user,
            'reports.district',
            input.street,
            new ConsoleError('out_of_scope', '街道账号只能查看本街道的报表'),
          );
        const street = user.role === 'street' ? user.streetCode : (input.street ?? null);
        return districtReport(ctx.store.db, toPeriod(input.period), street);
      });

      route('reports.list', async (input, user) => {
        const scope = await scopeOf(ctx, user);
        const { communities } = await loadUnits(ctx.store.db);
        let unitCommunities: string[] | 'all';
        if (!input.unit) unitCommunities = scope.communities;
        else if (input.unit.length === 9)
          unitCommunities = communities.filter((c) => c.streetCode === input.unit).map((c) => c.code);
        else unitCommunities = [input.unit];
        if (
          scope.communities !== 'all' &&
          unitCommunities !== 'all' &&
          unitCommunities.some((c) => !inScope(scope.communities, c))
        )
          await refuse(
            ctx,
            user,
            'reports.list',
            input.unit ?? null,
            new ConsoleError('out_of_scope', '街道账号只能查看本街道的明细'),
          );
        const r = await figureList(
          districtSource(ctx.store.db),
          {
            scope: unitCommunities,
            period: toPeriod(input.period),
            categories: await loadCategories(ctx.store.db),
          },
          input.figure,
          { offset: input.offset, limit: input.limit },
        );
        return {
          total: r.total,
          items: r.items.map((i) => ({
            id: i.id,
            communityCode: i.communityCode,
            name: i.name,
            idNumberMasked: i.idNumber ? maskIdNumber(i.idNumber) : null,
            detail: i.detail,
          })),
        };
      });

      route('reports.programmes', async (input, user) => {
        if (user.role === 'street' && input.street && input.street !== user.streetCode)
          await refuse(
            ctx,
            user,
            'reports.programmes',
            input.street,
            new ConsoleError('out_of_scope', '街道账号只能查看本街道的报表'),
          );
        const street = user.role === 'street' ? user.streetCode : (input.street ?? null);
        const { communities } = await loadUnits(ctx.store.db);
        return programmeFigures(
          ctx,
          toPeriod(input.period),
          street ? communities.filter((c) => c.streetCode === street).map((c) => c.code) : 'all',
        );
      });

      route('reports.export', async (input, user, reply) => {
        if (user.role === 'street' && input.street && input.street !== user.streetCode)
          await refuse(
            ctx,
            user,
            'reports.export',
            input.street,
            new ConsoleError('out_of_scope', '街道账号只能导出本街道的报表'),
          );
        const street = user.role === 'street' ? user.streetCode : (input.street ?? null);
        const r = await districtReport(ctx.store.db, toPeriod(input.period), street);
        const scopeName = street ? (r.streets[0]?.name ?? street) : '全区';
        const buf = await bulletinXlsx({
          title: bulletinTitle(scopeName),
          period: r.period,
          scopeName,
          rows: bulletinRows(r.streets),
          total: r.total,
          at: new Date(ctx.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10),
        });
        const fileName = `${scopeName}_通报_${r.period.from}_${r.period.to}.xlsx`;
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
          .send(buf);
      });

      route('residents.reveal', async (input, user) => {
        if (user.role === 'viewer')
          await refuse(
            ctx,
            user,
            'residents.reveal',
            input.residentId,
            new ConsoleError('forbidden_role', '只读账号不能查看完整身份证号'),
          );
        const row = await ctx.store.db
          .selectFrom('report_residents')
          .select(['id_number', 'community_code'])
          .where('id', '=', input.residentId)
          .executeTakeFirst();
        if (!row) throw new ConsoleError('not_found', '没有这位居民');
        const scope = await scopeOf(ctx, user);
        if (!inScope(scope.communities, row.community_code))
          await refuse(
            ctx,
            user,
            'residents.reveal',
            input.residentId,
            new ConsoleError('out_of_scope', '这位居民不在本街道'),
          );
        await audit(ctx, {
          username: user.username,
          action: 'residents.reveal',
          target: input.residentId,
          outcome: 'ok',
          detail: 'id_number',
        });
        return { idNumber: row.id_number };
      });

      route('stations.list', async (_i, user) => {
        const scope = await scopeOf(ctx, user);
        return { items: await fleet(ctx, scope.communities) };
      });

      route('merges.list', async (input, user) => {
        const scope = await scopeOf(ctx, user);
        const tasks = await listMergeTasks(ctx, input.status);
        return {
          items: tasks.filter(
            (t) => scope.communities === 'all' || t.communities.some((c) => inScope(scope.communities, c)),
          ),
        };
      });

      route('merges.decide', async (input, user) => {
        if (user.role === 'viewer')
          await refuse(
            ctx,
            user,
            'merges.decide',
            input.taskId,
            new ConsoleError('forbidden_role', '只读账号不能作出决定'),
          );
        const task = await ctx.store.db
          .selectFrom('merge_tasks')
          .select(['communities'])
          .where('id', '=', input.taskId)
          .executeTakeFirst();
        if (!task) throw new ConsoleError('not_found', '没有这个合并任务');
        const scope = await scopeOf(ctx, user);
        const communities = JSON.parse(task.communities) as string[];
        if (!communities.every((c) => inScope(scope.communities, c)))
          await refuse(
            ctx,
            user,
            'merges.decide',
            input.taskId,
            new ConsoleError('out_of_scope', '此任务涉及其他街道的社区，请区里决定'),
          );
        const r = await resolveMerge(ctx, input.taskId, input.keepCommunity, user.username);
        await audit(ctx, {
          username: user.username,
          action: 'merges.decide',
          target: input.taskId,
          outcome: 'ok',
          detail: `keep=${input.keepCommunity}`,
        });
        return r;
      });
    },
    { prefix: '/console/api' },
  );
}
