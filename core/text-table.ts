/** Columns that hold numbers are right-aligned; the rest left-aligned. */
export type Align = 'left' | 'right';

/**
 * An aligned plain-text table: a header, a rule, and the rows; the last column
 * is not padded, so lines carry no trailing spaces.
 */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, i) => (align[i] === 'right' ? cell.padStart(widths[i]!) : i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}
