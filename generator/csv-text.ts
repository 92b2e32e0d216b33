/** RFC 4180 text for the two kinds of CSV the generator writes. */

/** Source files: quote a field with a comma, quote or line break, or with edge spaces (so padding is explicit). */
export function sourceCsvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** expected/ files: quote exactly where PostgreSQL's COPY … CSV does (delimiter, quote, CR/LF, an empty string, `\.`). */
export function pgCsvField(text: string | null): string {
  if (text === null) return '';
  return text === '' || text === '\\.' || /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Physical lines a record adds beyond its first: the line breaks inside its quoted fields. */
export function embeddedLineBreaks(fields: readonly string[]): number {
  let count = 0;
  for (const field of fields) {
    for (let i = field.indexOf('\n'); i >= 0; i = field.indexOf('\n', i + 1)) count++;
  }
  return count;
}
