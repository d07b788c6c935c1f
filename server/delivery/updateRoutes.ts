// GET /updates/latest.yml and GET /updates/<file>: electron-updater's generic provider layout, served by the
// district. No credential is needed (an installer holds no personal data); the station's id, sent as
// `x-liuqing-station`, only picks its rollout bucket. Files are served by their recorded name only (no
// path from the request ever reaches the file system).
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { SyncError } from '../errors';
import { latestYml, releaseFor } from './releases';

export function registerUpdateRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/updates/latest.yml', async (req, reply) => {
    const station = req.headers['x-liuqing-station'];
    const id = typeof station === 'string' && /^[0-9a-f-]{36}$/.test(station) ? station : undefined;
    const r = ctx.releasesDir ? await releaseFor(ctx, id) : null;
    if (!r) throw new SyncError('not_found', '区里还没有发布可更新的版本');
    return reply.type('text/yaml; charset=utf-8').header('cache-control', 'no-cache').send(latestYml(r));
  });
  app.get<{ Params: { file: string } }>('/updates/:file', async (req, reply) => {
    const row = ctx.releasesDir
      ? await ctx.store.db
          .selectFrom('releases')
          .selectAll()
          .where('file', '=', req.params.file)
          .executeTakeFirst()
      : undefined;
    if (!row || !ctx.releasesDir) throw new SyncError('not_found', '没有这个安装包');
    return reply
      .type('application/octet-stream')
      .header('content-length', String(row.size))
      .send(createReadStream(join(ctx.releasesDir, row.file)));
  });
}
