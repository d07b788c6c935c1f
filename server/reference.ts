// Reference data at the district: streets, communities and assistance categories, versioned. The
// community list is what a station credential is checked against, so it is loaded on first start. Guards:
// a file is checked whole before anything is written (one transaction), and a category version, once
// loaded, is history: a change of threshold must come as a new version with its own effective date.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { assistanceCategorySchema } from '../shared/domain/assistance/categories';
import { DEFAULT_CATEGORIES } from '../shared/domain/assistance/defaultCategories';
import { policySchema } from '../shared/domain/policy/policies';
import { DEFAULT_POLICIES } from '../shared/domain/policy/defaultPolicies';
import { COMMUNITIES, DISTRICT, STREETS } from '../shared/reference/jianggan2020';
import { OCCUPATIONS_2015 } from '../shared/reference/occupations2015';
import { INDUSTRIES_2017 } from '../shared/reference/industries2017';
import { industryItem, occupationItem, vocabularyProblem } from '../shared/domain/vocabulary';
import type { ReferenceResponse } from '../shared/sync/protocol';
import type { Executor } from './db/schema';
import type { ServerContext } from './context';
import { SyncError } from './errors';

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
  categories: z.array(assistanceCategorySchema).optional(),
  // ADDED: (issue 9) coded vocabularies; a file without them leaves the district's lists as they are.
  occupations: z.array(occupationItem).min(1).max(5000).optional(),
  industries: z.array(industryItem).min(1).max(5000).optional(),
  // ADDED: (issue 10) policy versions, kept as history like the categories
  policies: z.array(policySchema).max(500).optional(),
});
export type ReferenceFile = z.input<typeof referenceFile>;

export const DEFAULT_REFERENCE: ReferenceFile = {
  version: DISTRICT.version,
  streets: STREETS,
  communities: COMMUNITIES,
  categories: [...DEFAULT_CATEGORIES],
  occupations: OCCUPATIONS_2015,
  industries: INDUSTRIES_2017,
  policies: [...DEFAULT_POLICIES],
};
const VOCABULARIES = ['occupations', 'industries'] as const;

const VERSION_KEY = 'reference_version';
const LABEL_KEY = 'reference_label';
const categoryKey = (c: { code: string; version: number }) => `${c.code}@${c.version}`;

/** Parses a reference file, with the first problem in plain Chinese. */
export function parseReferenceFile(raw: unknown): z.output<typeof referenceFile> {
  const r = referenceFile.safeParse(raw);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new SyncError(
      'invalid_input',
      `参考数据文件格式不对：${first ? `${first.path.join('.') || '(根)'} ${first.message}` : ''}`,
    );
  }
  return r.data;
}

export interface ReferencePreview {
  version: string;
  streets: { added: string[]; removed: string[]; kept: number };
  communities: { added: string[]; removed: string[]; kept: number };
  categories: { added: string[]; unchanged: number };
  /** Communities the file removes that still have live residents at the district: the file is refused. */
  orphans: Array<{ code: string; name: string | null; residents: number }>;
}

/** What loading `input` would change, checked whole, without writing anything. */
export async function previewReference(ctx: ServerContext, input: ReferenceFile): Promise<ReferencePreview> {
  const data = parseReferenceFile(input);
  const db = ctx.store.db;
  const held = await db.selectFrom('reference').select(['kind', 'code', 'data']).execute();
  const codes = (kind: string) => new Set(held.filter((r) => r.kind === kind).map((r) => r.code));
  const diff = (kind: string, next: readonly { code: string }[]) => {
    const before = codes(kind);
    const after = new Set(next.map((x) => x.code));
    return {
      added: [...after].filter((c) => !before.has(c)).sort(),
      removed: [...before].filter((c) => !after.has(c)).sort(),
      kept: [...after].filter((c) => before.has(c)).length,
    };
  };
  const communities = diff('communities', data.communities);
  const heldCategories = codes('categories');
  const cats = (data.categories ?? []).map((c) => categoryKey(c));
  const orphans: ReferencePreview['orphans'] = [];
  if (communities.removed.length) {
    const counts = await db
      .selectFrom('report_residents')
      .select(['community_code', (eb) => eb.fn.countAll<number>().as('n')])
      .where('community_code', 'in', communities.removed)
      .groupBy('community_code')
      .execute();
    for (const c of counts)
      orphans.push({
        code: c.community_code,
        name: (() => {
          const r = held.find((h) => h.kind === 'communities' && h.code === c.community_code);
          return r ? (JSON.parse(r.data) as { name: string }).name : null;
        })(),
        residents: Number(c.n),
      });
  }
  return {
    version: data.version,
    streets: diff('streets', data.streets),
    communities,
    categories: {
      added: cats.filter((k) => !heldCategories.has(k)),
      unchanged: cats.filter((k) => heldCategories.has(k)).length,
    },
    orphans: orphans.sort((a, b) => a.code.localeCompare(b.code)),
  };
}

/**
 * Replaces the streets and communities, and adds the category versions in `data`, in one transaction.
 * A file that removes a community still holding residents is refused, with the count (see previewReference).
 * Category versions already held stay (history); one whose content differs from the held one is refused.
 */
export async function loadReference(
  ctx: ServerContext,
  input: ReferenceFile,
): Promise<{ streets: number; communities: number; categories: number; version: string }> {
  const data = parseReferenceFile(input);
  const streetCodes = new Set(data.streets.map((s) => s.code));
  const orphan = data.communities.find((c) => !streetCodes.has(c.streetCode));
  if (orphan)
    throw new SyncError(
      'invalid_input',
      `社区 ${orphan.code} ${orphan.name} 所属街道 ${orphan.streetCode} 不在街道列表中`,
    );
  for (const [kind, what] of [
    ['occupations', '职业'],
    ['industries', '行业'],
  ] as const) {
    const list = data[kind];
    const problem = list ? vocabularyProblem(list, what) : null;
    if (problem) throw new SyncError('invalid_input', problem);
  }
  const seen = new Set<string>();
  for (const c of data.categories ?? []) {
    if (seen.has(categoryKey(c)))
      throw new SyncError('invalid_input', `援助类别 ${c.code} 第 ${c.version} 版在文件中出现了两次`);
    seen.add(categoryKey(c));
  }
  const { orphans } = await previewReference(ctx, input);
  if (orphans.length)
    throw new SyncError(
      'invalid_input',
      `参考数据删去了仍有在册居民的社区：${orphans
        .map((o) => `${o.code}${o.name ? `（${o.name}）` : ''} ${o.residents} 人`)
        .join('，')}。请先把这些居民迁往其他社区，再导入此版本`,
      { orphans },
    );
  const seenPolicies = new Set<string>();
  for (const p of data.policies ?? []) {
    if (seenPolicies.has(categoryKey(p)))
      throw new SyncError('invalid_input', `政策 ${p.code} 第 ${p.version} 版在文件中出现了两次`);
    seenPolicies.add(categoryKey(p));
  }
  return ctx.store.transaction(async (trx) => {
    await addPolicyVersions(trx, data.policies ?? [], data.version);
    for (const [kind, items] of [
      ['streets', data.streets],
      ['communities', data.communities],
      ...VOCABULARIES.filter((k) => data[k]).map((k) => [k, data[k]!] as const),
    ] as const) {
      await trx.deleteFrom('reference').where('kind', '=', kind).execute();
      for (let i = 0; i < items.length; i += 500) {
        const chunk = items
          .slice(i, i + 500)
          .map((it) => ({ kind, code: it.code, data: JSON.stringify(it), version: data.version }));
        await trx.insertInto('reference').values(chunk).execute();
      }
    }
    const held = new Map(
      (
        await trx.selectFrom('reference').select(['code', 'data']).where('kind', '=', 'categories').execute()
      ).map((r) => [r.code, r.data]),
    );
    for (const c of data.categories ?? []) {
      const text = JSON.stringify(c);
      const have = held.get(categoryKey(c));
      if (have === text) continue;
      if (have !== undefined)
        throw new SyncError(
          'invalid_input',
          `援助类别「${c.name}」第 ${c.version} 版已导入过且内容不同：修改门槛请新增一个版本并写明生效日期，不能改动已有版本`,
        );
      await trx
        .insertInto('reference')
        .values({ kind: 'categories', code: categoryKey(c), data: text, version: data.version })
        .execute();
    }
    const version = await computeVersion(trx);
    await setMeta(trx, { [VERSION_KEY]: version, [LABEL_KEY]: data.version });
    return {
      streets: data.streets.length,
      communities: data.communities.length,
      categories: data.categories?.length ?? 0,
      version,
    };
  });
}

/** Adds policy versions not yet held; a held version whose content differs is refused (history). */
async function addPolicyVersions(
  trx: Executor,
  policies: ReadonlyArray<z.output<typeof policySchema>>,
  label: string,
): Promise<void> {
  const held = new Map(
    (await trx.selectFrom('reference').select(['code', 'data']).where('kind', '=', 'policies').execute()).map(
      (r) => [r.code, r.data],
    ),
  );
  for (const p of policies) {
    const text = JSON.stringify(p);
    const have = held.get(categoryKey(p));
    if (have === text) continue;
    if (have !== undefined)
      throw new SyncError(
        'invalid_input',
        `政策「${p.name}」第 ${p.version} 版已导入过且内容不同：调整标准或条件请新增一个版本并写明生效日期，不能改动已有版本`,
      );
    await trx
      .insertInto('reference')
      .values({ kind: 'policies', code: categoryKey(p), data: text, version: label })
      .execute();
  }
}

/** A hash of everything a station receives, so the same data always has the same version. */
async function computeVersion(db: Executor): Promise<string> {
  const rows = await db
    .selectFrom('reference')
    .select(['kind', 'code', 'data'])
    .orderBy('kind')
    .orderBy('code')
    .execute();
  const h = createHash('sha256');
  for (const r of rows) h.update(`${r.kind}\u0000${r.code}\u0000${r.data}\n`);
  return h.digest('hex').slice(0, 24);
}

async function setMeta(db: Executor, values: Record<string, string>): Promise<void> {
  for (const [key, value] of Object.entries(values))
    await db
      .insertInto('meta')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
}

/** The current reference version (a store loaded before versions existed gets one now). */
export async function referenceVersion(ctx: ServerContext): Promise<string> {
  const row = await ctx.store.db
    .selectFrom('meta')
    .select('value')
    .where('key', '=', VERSION_KEY)
    .executeTakeFirst();
  if (row) return row.value;
  const version = await computeVersion(ctx.store.db);
  await setMeta(ctx.store.db, { [VERSION_KEY]: version });
  return version;
}

/** POST /v1/reference: everything, read in one transaction so version and content agree. */
export async function referenceData(ctx: ServerContext): Promise<ReferenceResponse> {
  await referenceVersion(ctx);
  return ctx.store.transaction(async (trx) => {
    const meta = await trx
      .selectFrom('meta')
      .select(['key', 'value'])
      .where('key', 'in', [VERSION_KEY, LABEL_KEY])
      .execute();
    const m = Object.fromEntries(meta.map((r) => [r.key, r.value]));
    const rows = await trx.selectFrom('reference').select(['kind', 'data']).orderBy('code').execute();
    const of = (kind: string) => rows.filter((r) => r.kind === kind).map((r) => JSON.parse(r.data) as never);
    return {
      version: m[VERSION_KEY]!,
      label: m[LABEL_KEY] ?? '',
      streets: of('streets'),
      communities: of('communities'),
      categories: of('categories'),
      occupations: of('occupations'),
      industries: of('industries'),
      policies: of('policies'),
    };
  });
}

export async function ensureReference(ctx: ServerContext): Promise<void> {
  const row = await ctx.store.db
    .selectFrom('reference')
    .select('code')
    .where('kind', '=', 'communities')
    .limit(1)
    .executeTakeFirst();
  if (!row) {
    await loadReference(ctx, DEFAULT_REFERENCE);
    return;
  }
  // a district loaded before the vocabularies existed gets the default lists once (issue 9)
  const vocab = await ctx.store.db
    .selectFrom('reference')
    .select('code')
    .where('kind', '=', 'occupations')
    .limit(1)
    .executeTakeFirst();
  if (!vocab) await loadVocabularies(ctx, { occupations: OCCUPATIONS_2015, industries: INDUSTRIES_2017 });
  // a district loaded before the policy catalogue existed gets the default catalogue once (issue 10)
  const policy = await ctx.store.db
    .selectFrom('reference')
    .select('code')
    .where('kind', '=', 'policies')
    .limit(1)
    .executeTakeFirst();
  if (!policy)
    await ctx.store.transaction(async (trx) => {
      await addPolicyVersions(
        trx,
        DEFAULT_POLICIES.map((p) => policySchema.parse(p)),
        'policies',
      );
      await setMeta(trx, { [VERSION_KEY]: await computeVersion(trx) });
    });
}

/** Replaces the occupation and/or industry list (checked whole first) and bumps the version. */
export async function loadVocabularies(
  ctx: ServerContext,
  lists: { occupations?: ReferenceFile['occupations']; industries?: ReferenceFile['industries'] },
): Promise<string> {
  const parsed = referenceFile.pick({ occupations: true, industries: true }).safeParse(lists);
  if (!parsed.success)
    throw new SyncError('invalid_input', `参考数据文件格式不对：${parsed.error.issues[0]?.message ?? ''}`);
  for (const [kind, what] of [
    ['occupations', '职业'],
    ['industries', '行业'],
  ] as const) {
    const list = parsed.data[kind];
    const problem = list ? vocabularyProblem(list, what) : null;
    if (problem) throw new SyncError('invalid_input', problem);
  }
  return ctx.store.transaction(async (trx) => {
    for (const kind of VOCABULARIES) {
      const items = parsed.data[kind];
      if (!items) continue;
      await trx.deleteFrom('reference').where('kind', '=', kind).execute();
      for (let i = 0; i < items.length; i += 500)
        await trx
          .insertInto('reference')
          .values(
            items
              .slice(i, i + 500)
              .map((it) => ({ kind, code: it.code, data: JSON.stringify(it), version: kind })),
          )
          .execute();
    }
    const version = await computeVersion(trx);
    await setMeta(trx, { [VERSION_KEY]: version });
    return version;
  });
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
