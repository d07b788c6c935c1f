// Versions on the sync wire (issue 13): every push carries the station's app version and the sync schema
// its entries are written in. The district never applies entries of a schema it does not know (a newer
// station than the server: the server must be upgraded first), and it can require a minimum app version
// (an old station is told plainly to update; it keeps working offline meanwhile).
// SYNC_SCHEMA goes up when what a pushed entry means changes (an entity or column the registry in
// shared/sync/entities.ts gains and an older server would drop or misread); local-only migrations leave it.
export const SYNC_SCHEMA = 1;

/** Compares dotted versions numerically ("0.10.0" > "0.9.3"); a pre-release tail sorts before the release. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core = '', pre] = v.trim().replace(/^v/, '').split('-', 2);
    return { nums: core.split('.').map((n) => Number.parseInt(n, 10) || 0), pre: pre ?? null };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < Math.max(x.nums.length, y.nums.length); i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === null) return 1;
  if (y.pre === null) return -1;
  return x.pre < y.pre ? -1 : 1;
}

export const VERSION_RE = /^\d{1,4}\.\d{1,4}\.\d{1,6}(-[0-9A-Za-z.]{1,20})?$/;
