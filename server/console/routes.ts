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
import type { ServerContext } from '../context';
import { SyncError } from '../errors';
import { listMergeTasks, resolveMerge } from '../merges';
import { districtReport, districtSource, figureList, loadCategories, loadUnits } from '../reports/service';
import { authenticate, login, logout } from './accounts';
import { audit } from './audit';
import { ConsoleError } from './errors';
import { fleet } from './fleet';

type Input<M extends ConsoleMethod> = z.output<(typeof consoleContract)[M]>;
type Authed = ConsoleUser & { tokenHash: string };

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
  e: ConsoleError,
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
          return handler(parse(method, req.body), user, reply);
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
      }));

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
        const rows = r.streets.flatMap((s) => [
          { name: s.name, code: s.code, level: 'street' as const, figures: s.figures },
          ...s.children.map((c) => ({
            name: c.name,
            code: c.code,
            level: 'community' as const,
            figures: c.figures,
          })),
        ]);
        const buf = await bulletinXlsx({
          title: `${scopeName}就业援助工作情况通报`,
          period: r.period,
          scopeName,
          rows,
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
          detail: `keep ${input.keepCommunity}`,
        });
        return r;
      });
    },
    { prefix: '/console/api' },
  );
}
