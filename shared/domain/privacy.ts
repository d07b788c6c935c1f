// Personal data in answers: an ID number shows as 330104********1234 (validators/idNumber.ts) and an income
// amount as MASKED_INCOME, unless the caller asked to reveal — and the station logs every reveal (who,
// whose, when, what; never the value). One rule for every method that returns them: residents.get,
// residents.history, households.get reveal on request; writes and lists always answer masked.

/** What a masked income amount shows instead of the number. */
export const MASKED_INCOME = '****';
export type MaskedIncome = typeof MASKED_INCOME;

/** An amount as an answer carries it: the number, null when none is recorded, or masked. */
export type IncomeAmount = number | null | MaskedIncome;

/** What a reveal showed, as the access log records it (`reveal_<what>`). */
export type RevealWhat = 'id_number' | 'income';

export function maskIncomeAmount<T>(v: T): T | MaskedIncome {
  return v === null || v === undefined ? v : MASKED_INCOME;
}

/** An income section with its amount masked; the household size and subsistence status stay readable. */
export function maskIncomeSection<S extends object>(
  section: S,
): Omit<S, 'monthlyIncome'> & { monthlyIncome?: unknown } {
  const s = section as S & { monthlyIncome?: unknown };
  return 'monthlyIncome' in s && s.monthlyIncome !== null && s.monthlyIncome !== undefined
    ? { ...s, monthlyIncome: MASKED_INCOME }
    : s;
}
