// Assistance card numbers, unique without a network: community code (12) + station number (2) + year (4) +
// sequence (5, per station per year). Printed and stored as 330104005051-01-2026-00001: the hyphens split
// the parts a person reads out (community, station, year, sequence); the QR code carries the same text.
// Two stations of one community never clash because their station numbers differ.

export interface CardNumberParts {
  communityCode: string;
  stationNumber: number;
  year: number;
  sequence: number;
}

export const CARD_NUMBER_PATTERN = /^(\d{12})-(\d{2})-(\d{4})-(\d{5})$/;
export const MAX_SEQUENCE = 99_999;

export function formatCardNumber(p: CardNumberParts): string {
  if (!/^\d{12}$/.test(p.communityCode)) throw new RangeError('community code must be 12 digits');
  // 0 is a provisional number (a PC not yet enrolled); 99 is the district's own for renumbered cards
  if (!Number.isInteger(p.stationNumber) || p.stationNumber < 0 || p.stationNumber > 99)
    throw new RangeError('station number 0–99');
  if (!Number.isInteger(p.sequence) || p.sequence < 1 || p.sequence > MAX_SEQUENCE)
    throw new RangeError('sequence 1–99999');
  return `${p.communityCode}-${String(p.stationNumber).padStart(2, '0')}-${String(p.year).padStart(4, '0')}-${String(p.sequence).padStart(5, '0')}`;
}

/** Accepts the printed form, or the 23 digits typed without separators (spaces and hyphens ignored). */
export function parseCardNumber(raw: string): CardNumberParts | null {
  const digits = raw.replace(/[\s-]/g, '');
  if (!/^\d{23}$/.test(digits)) return null;
  const stationNumber = +digits.slice(12, 14);
  const sequence = +digits.slice(18);
  if (sequence < 1) return null;
  return { communityCode: digits.slice(0, 12), stationNumber, year: +digits.slice(14, 18), sequence };
}

/** The prefix every card of one station in one year shares (for finding its highest sequence). */
export function cardNumberPrefix(communityCode: string, stationNumber: number, year: number): string {
  return `${communityCode}-${String(stationNumber).padStart(2, '0')}-${String(year).padStart(4, '0')}-`;
}
