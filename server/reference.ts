// Reference data at the district: streets, communities and assistance categories, versioned. The
// community list is what a station credential is checked against, so it is loaded on first start.
import { z } from 'zod';
import { COMMUNITIES, DISTRICT, STREETS } from '../shared/reference/jianggan2020';
import type { Executor } from './db/schema';
import type { ServerContext } from './context';

export const referenceFile = z.object({
  version: z.string().min(1).max(40),
  streets: z.array(z.object({ code: z.string().regex(/^\d{9}$/), name: z.string().min(1) })).min(1),
  communities: z
    .array(
      z.object({
        code: z.string().regex(/^\d{12}$/),
        name: z.string().min(1),
        streetCode: z.string().regex(/^\d{9}$/),
      }),
    )
    .min(1),
  categories: z.array(z.object({ code: z.string().min(1), name: z.string().min(1) })).optional(),
});
export type ReferenceFile = z.infer<typeof referenceFile>;

export const DEFAULT_REFERENCE: ReferenceFile = {
  version: DISTRICT.version,
  streets: STREETS,
  communities: COMMUNITIES,
};

/** Replaces the reference data of the kinds present in `data`, in one transaction. */
export async function loadReference(
  ctx: ServerContext,
  data: ReferenceFile,
): Promise<{ streets: number; communities: number; categories: number }> {
  const streetCodes = new Set(data.streets.map((s) => s.code));
  const orphan = data.communities.find((c) => !streetCodes.has(c.streetCode));
  if (orphan)
    throw new Error(`社区 ${orphan.code} ${orphan.name} 所属街道 ${orphan.streetCode} 不在街道列表中`);
  const kinds: Array<[string, Array<{ code: string }>]> = [
    ['streets', data.streets],
    ['communities', data.communities],
  ];
  if (data.categories) kinds.push(['categories', data.categories]);
  await ctx.store.transaction(async (trx) => {
    for (const [kind, items] of kinds) {
      await trx.deleteFrom('reference').where('kind', '=', kind).execute();
      for (let i = 0; i < items.length; i += 500) {
        const chunk = items
          .slice(i, i + 500)
          .map((it) => ({ kind, code: it.code, data: JSON.stringify(it), version: data.version }));
        await trx.insertInto('reference').values(chunk).execute();
      }
    }
  });
  return {
    streets: data.streets.length,
    communities: data.communities.length,
    categories: data.categories?.length ?? 0,
  };
}

export async function ensureReference(ctx: ServerContext): Promise<void> {
  const row = await ctx.store.db
    .selectFrom('reference')
    .select('code')
    .where('kind', '=', 'communities')
    .limit(1)
    .executeTakeFirst();
  if (!row) await loadReference(ctx, DEFAULT_REFERENCE);
}

export async function communityName(db: Executor, code: string): Promise<string | null> {
  const row = await db
    .selectFrom('reference')
    .select('data')
    .where('kind', '=', 'communities')
    .where('code', '=', code)
    .executeTakeFirst();
  return row ? (JSON.parse(row.data) as { name: string }).name : null;
}
