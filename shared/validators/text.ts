// Input clean-up shared by the validators in this folder.
// Assistants type with Chinese IMEs, which switch to full-width characters without telling them,
// and paste numbers from Word/Excel with spaces or non-breaking spaces in the middle.

const FULL_WIDTH_START = 0xff01; // '！'
const FULL_WIDTH_END = 0xff5e; // '～'
const FULL_TO_HALF_OFFSET = 0xfee0;

/** Maps full-width ASCII look-alikes (１２３ＡＢｘ－) to their ASCII characters; leaves everything else alone. */
export function toHalfWidth(input: string): string {
  let out = '';
  for (const ch of input) {
    const cp = ch.codePointAt(0) ?? 0;
    out +=
      cp >= FULL_WIDTH_START && cp <= FULL_WIDTH_END ? String.fromCodePoint(cp - FULL_TO_HALF_OFFSET) : ch;
  }
  return out;
}

/** Removes every kind of white space, including the ideographic space U+3000 and NBSP that `\s` covers. */
export function stripSpaces(input: string): string {
  return input.replace(/\s+/gu, '');
}

/** Length in characters as a person counts them, not UTF-16 code units. */
export function charCount(input: string): number {
  return [...input].length;
}

/** 1-based position and text of the first character that fails `isAllowed`, or undefined if all pass. */
export function firstIllegal(
  input: string,
  isAllowed: (ch: string, index: number) => boolean,
): { position: number; char: string } | undefined {
  const chars = [...input];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (!isAllowed(ch, i)) return { position: i + 1, char: ch };
  }
  return undefined;
}
