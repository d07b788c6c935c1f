// What every benchmark suite reports, and the percentile they all use (nearest rank).

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target?: string;
  note?: string;
}

/** Nearest-rank percentile of `samples` (NaN for none). */
export function percentile(samples: readonly number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}
