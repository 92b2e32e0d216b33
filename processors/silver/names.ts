/**
 * Names as silver writes them (generator/README.md, "Typing a field"): trimmed, inner
 * white space collapsed to one space; then a name that arrives in mixed case keeps its
 * casing — the source knew better (McDonald, Farmer's Market, Ludwig van Beethoven) —
 * and a name in all upper or all lower case is title-cased word by word:
 *
 * - a word's first character upper, the rest lower; the same after a hyphen (Smith-Jones);
 * - after an apostrophe, upper only when one letter precedes it (O'Neil, D'Angelo, but Farmer's);
 * - Mc takes a capital after it (McDonald); Mac does not, as it is ambiguous (Macdonald,
 *   Machado, Mackerel);
 * - name particles (van, von, de, der, …) stay lower except as the first word.
 *
 * Unicode-aware: a letter whose other case is not one character (ß, İ) keeps its case,
 * and scripts without case (中文) pass unchanged. Nothing but case and white space changes.
 */
export function nameCase(text: string): string {
  const collapsed = text.trim().replace(/\s+/gu, ' ');
  if (hasCase(collapsed, 'upper') && hasCase(collapsed, 'lower')) return collapsed;
  return collapsed
    .split(' ')
    .map((word, i) => (i > 0 && PARTICLES.has(word.toLowerCase()) ? word.toLowerCase() : word.split('-').map(titlePart).join('-')))
    .join(' ');
}

const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'du', 'la', 'le', 'ten', 'ter']);
const APOSTROPHES = new Set(["'", '’']);

/** One part of a word between hyphens: `o'neil` → `O'Neil`, `mcdonald` → `McDonald`, `farmer's` → `Farmer's`. */
function titlePart(part: string): string {
  const chars = [...part];
  let out = '';
  let upperNext = true;
  let letters = 0;
  for (const char of chars) {
    if (APOSTROPHES.has(char)) {
      out += char;
      upperNext = letters === 1;
      continue;
    }
    out += upperNext ? toCase(char, 'upper') : toCase(char, 'lower');
    if (isCased(char)) letters++;
    upperNext = out === 'Mc' && chars.length > 2;
  }
  return out;
}

type Case = 'upper' | 'lower';

/** `char` in `target` case, or as it is when that case is not one character (ß → SS). */
function toCase(char: string, target: Case): string {
  const changed = target === 'upper' ? char.toUpperCase() : char.toLowerCase();
  return changed.length === char.length ? changed : char;
}

/** A letter that has both cases, one character each. */
function isCased(char: string): boolean {
  return toCase(char, 'upper') !== toCase(char, 'lower');
}

function hasCase(text: string, which: Case): boolean {
  for (const char of text) if (isCased(char) && char === toCase(char, which)) return true;
  return false;
}

/** `first M. last`, or `first last` without a middle initial (warehouse/reference/gold.sql's full_name). */
export function fullName(first: string, middleInitial: string | null, last: string): string {
  return `${first} ${middleInitial === null ? '' : `${middleInitial}. `}${last}`;
}
