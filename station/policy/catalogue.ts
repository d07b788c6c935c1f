// The policy catalogue on the station: the district's default list goes into an empty table once; after
// that the table is the truth, refreshed by the district's synced versions (keyed by code and version, so an
// earlier period still reads the amounts and thresholds then in force).
import { ruleError } from '../../shared/errors';
import { DEFAULT_POLICIES } from '../../shared/domain/policy/defaultPolicies';
import { policiesInForce, policySchema, type Policy } from '../../shared/domain/policy/policies';
import type { DB, Executor } from '../db/schema';

const seeded = new WeakSet<object>();

function toRow(p: Policy) {
  return {
    name: p.name,
    effective_from: p.effectiveFrom,
    effective_to: p.effectiveTo,
    sort_order: p.sortOrder,
    data: JSON.stringify(p),
  };
}

export async function ensureDefaultPolicies(db: DB): Promise<void> {
  if (seeded.has(db)) return;
  await db.transaction().execute(async (trx) => {
    const have = await trx
      .selectFrom('ref_policies')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(have.n) > 0) return;
    const rows = DEFAULT_POLICIES.map((raw) => policySchema.parse(raw)).map((p) => ({
      code: p.code,
      version: p.version,
      ...toRow(p),
    }));
    await trx.insertInto('ref_policies').values(rows).execute();
  });
  seeded.add(db);
}

export async function loadPolicies(db: DB): Promise<Policy[]> {
  await ensureDefaultPolicies(db);
  const rows = await db.selectFrom('ref_policies').selectAll().execute();
  return rows.map((r) => {
    const p = policySchema.safeParse(JSON.parse(r.data));
    if (!p.success)
      throw ruleError('internal', `政策「${r.name}」的参数无法识别，请联系区里更新参考数据`, {
        key: 'subsidies.policyUnreadable',
        params: { policy: r.name },
      });
    return p.data;
  });
}

export async function loadPoliciesInForce(db: DB, asOf: string): Promise<Policy[]> {
  return policiesInForce(await loadPolicies(db), asOf);
}

/** The version of `code` in force on `asOf`, or a 400 in plain words. */
export async function policyInForceOn(db: DB, code: string, asOf: string): Promise<Policy> {
  const all = await loadPolicies(db);
  const p = policiesInForce(all, asOf).find((x) => x.code === code);
  if (p) return p;
  const known = all.find((x) => x.code === code);
  throw ruleError(
    'invalid_input',
    known
      ? `「${known.name}」在 ${asOf} 不在执行期内（未生效或已停止），请核对补贴期间`
      : `政策「${code.slice(0, 40)}」不存在，请从政策目录中选择`,
    known
      ? { key: 'subsidies.policyNotInForce', params: { policy: known.name, date: asOf } }
      : { key: 'subsidies.noSuchPolicy', params: { code: code.slice(0, 40) } },
    [
      {
        path: known ? 'period.from' : 'policyCode',
        message: known ? '该日期政策未生效或已停止' : '不是现行政策',
      },
    ],
  );
}

/** Adds or refreshes policy versions from the district, inside the caller's transaction. */
export async function upsertPolicyVersions(trx: Executor, raw: readonly unknown[]): Promise<number> {
  for (const item of raw) {
    const parsed = policySchema.safeParse(item);
    if (!parsed.success)
      throw ruleError(
        'internal',
        `区里下发的政策目录无法识别（${parsed.error.issues[0]?.path.join('.') ?? ''}），请联系区里`,
        { key: 'subsidies.catalogueUnreadable' },
      );
    const values = toRow(parsed.data);
    await trx
      .insertInto('ref_policies')
      .values({ code: parsed.data.code, version: parsed.data.version, ...values })
      .onConflict((oc) => oc.columns(['code', 'version']).doUpdateSet(values))
      .execute();
  }
  return raw.length;
}
