/**
 * Text forms of typed values: the four timestamp formats source files may use,
 * PostgreSQL's text output (the canonical form of expected/), and exact decimals.
 */
export const DATE_FORMATS = ['iso', 'iso-t', 'us', 'de'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** Formats that print whole seconds only: used for a value only when its milliseconds are 0. */
const SECONDS_ONLY: ReadonlySet<DateFormat> = new Set(['us', 'de']);

// Lines of one order share a time: remembering the last conversion saves most of them.
let lastMs = Number.NaN;
let lastIso = '';
function isoOf(epochMs: number): string {
  if (epochMs !== lastMs) {
    lastIso = new Date(epochMs).toISOString();
    lastMs = epochMs;
  }
  return lastIso;
}

export function isExactIn(format: DateFormat, epochMs: number): boolean {
  return !SECONDS_ONLY.has(format) || epochMs % 1000 === 0;
}

/** `2018-02-05 07:38:25.430` | `2018-02-05T07:38:25.430Z` | `02/05/2018 07:38:25` | `05.02.2018 07:38:25`. */
export function formatTimestamp(epochMs: number, format: DateFormat): string {
  const iso = isoOf(epochMs);
  switch (format) {
    case 'iso':
      return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
    case 'iso-t':
      return iso;
    case 'us':
      return `${formatDate(epochMs, 'us')} ${iso.slice(11, 19)}`;
    case 'de':
      return `${formatDate(epochMs, 'de')} ${iso.slice(11, 19)}`;
  }
}

/** `2018-02-05` (iso and iso-t) | `02/05/2018` | `05.02.2018`. */
export function formatDate(epochMs: number, format: DateFormat): string {
  const iso = isoOf(epochMs);
  const [y, m, d] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)];
  if (format === 'us') return `${m}/${d}/${y}`;
  if (format === 'de') return `${d}.${m}.${y}`;
  return `${y}-${m}-${d}`;
}

/** PostgreSQL's text output of a timestamp(3): trailing zeros of the fraction trimmed, no fraction when 0. */
export function pgTimestamp(epochMs: number): string {
  const iso = isoOf(epochMs);
  const fraction = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction === '' ? '' : `.${fraction}`}`;
}

export function pgDate(epochMs: number): string {
  return isoOf(epochMs).slice(0, 10);
}

/** An exact decimal from integer units of 10^-scale, printed with `decimals` digits (dropped digits must be 0). */
export function formatDecimal(units: number, scale: number, decimals: number = scale): string {
  const sign = units < 0 ? '-' : '';
  const digits = String(Math.abs(units)).padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale, digits.length - scale + decimals);
  return decimals === 0 ? `${sign}${whole}` : `${sign}${whole}.${fraction}`;
}

/** `12.5000` → `12.5`, `3.00` → `3`: the same number, written the way spreadsheets do. */
export function trimDecimal(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** n / d rounded half away from zero, for n ≥ 0 and d > 0 (PostgreSQL's round() on numeric). */
export function roundDiv(n: number, d: number): number {
  return Math.floor((2 * n + d) / (2 * d));
}
