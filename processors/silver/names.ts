/**
 * Names as silver writes them (generator/README.md, "Typing a field"): trimmed,
 * then PostgreSQL's initcap — the first letter or digit of every run of letters
 * and digits upper-cased, the rest lower-cased — so `"  JOHN "`, `mary` and
 * `O'NEIL` become `John`, `Mary`, `O'Neil`. Names are ASCII.
 */
export function initcap(text: string): string {
  let out = '';
  let inWord = false;
  for (const char of text) {
    const lower = char.toLowerCase();
    const upper = char.toUpperCase();
    const alphanumeric = lower !== upper || (char >= '0' && char <= '9');
    out += alphanumeric ? (inWord ? lower : upper) : char;
    inWord = alphanumeric;
  }
  return out;
}

/** `first M. last`, or `first last` without a middle initial (warehouse/reference/gold.sql's full_name). */
export function fullName(first: string, middleInitial: string | null, last: string): string {
  return `${first} ${middleInitial === null ? '' : `${middleInitial}. `}${last}`;
}
