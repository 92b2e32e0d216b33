import { MysqlSnapshotError } from './mysql-snapshot-error.ts';

/** The rows of one INSERT statement: its table, its column list, and each row's values (null for NULL) and text. */
export interface InsertStatement {
  readonly table: string;
  readonly columns: readonly string[];
  readonly rows: readonly { readonly values: readonly (string | null)[]; readonly raw: string }[];
}

const INSERT = /^INSERT\s+INTO\s+`?(\w+)`?\s*\(([^)]*)\)\s*VALUES\s*/i;
const ESCAPES: Readonly<Record<string, string>> = { '0': '\0', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\x1a' };

/**
 * The INSERT statements of a MariaDB/MySQL script such as the generator's
 * mysql/operational.sql, in order: `INSERT INTO t (a, b) VALUES (1,'x'),(2,NULL);`
 * with quoted strings ('' and backslash escapes), numbers and NULL. Other
 * statements (SET, DROP, CREATE) and `--` comments carry no rows and are
 * skipped. Anything else inside an INSERT is a MysqlSnapshotError naming the line.
 */
export function* insertStatements(script: string, file: string): Generator<InsertStatement> {
  for (const { text, line } of statements(script)) {
    const head = INSERT.exec(text);
    if (head === null) continue;
    const columns = head[2]!.split(',').map((c) => c.trim().replace(/^`|`$/g, ''));
    yield { table: head[1]!, columns, rows: tuples(text, head[0].length, file, line) };
  }
}

/** The script's statements (split at `;` outside quotes, comments dropped), each with the line it starts on. */
function* statements(script: string): Generator<{ text: string; line: number }> {
  let start = 0;
  let line = 1;
  let startLine = 1;
  let quote: string | null = null;
  for (let i = 0; i < script.length; i++) {
    const c = script[i]!;
    if (c === '\n') line++;
    if (quote !== null) {
      if (c === '\\') i++;
      else if (c === quote) quote = script[i + 1] === quote ? (i++, quote) : null;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '-' && script.startsWith('-- ', i) && script.slice(start, i).trim() === '') {
      // A comment before a statement: the statement starts after it.
      const end = script.indexOf('\n', i);
      i = end === -1 ? script.length : end - 1;
      start = i + 1;
      startLine = line;
    } else if (c === ';') {
      const statement = statementOf(script.slice(start, i), startLine);
      if (statement !== undefined) yield statement;
      start = i + 1;
      startLine = line;
    }
  }
  // A last statement without its `;` (a dump cut short) is read too, so its rows are loaded or its fault named, never dropped.
  const last = statementOf(script.slice(start), startLine);
  if (last !== undefined) yield last;
}

/** A statement's text, trimmed, and the line it starts on; undefined when blank. */
function statementOf(raw: string, startLine: number): { text: string; line: number } | undefined {
  const text = raw.trim();
  const lead = raw.slice(0, raw.length - raw.trimStart().length);
  return text === '' ? undefined : { text, line: startLine + (lead.match(/\n/g)?.length ?? 0) };
}

function tuples(text: string, from: number, file: string, line: number): InsertStatement['rows'] {
  const rows: { values: (string | null)[]; raw: string }[] = [];
  const fail = (at: number, expected: string): never => {
    const where = line + (text.slice(0, at).match(/\n/g)?.length ?? 0);
    throw new MysqlSnapshotError('bad-dump', `${file} line ${where}: expected ${expected} in the INSERT at "${text.slice(at, at + 20)}"`, 'load a script written by medallion generate (mysql/operational.sql), or fix the statement');
  };
  let i = from;
  const skipSpace = (): void => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  for (;;) {
    skipSpace();
    const open = i;
    if (text[i++] !== '(') fail(open, 'a row "("');
    const values: (string | null)[] = [];
    for (;;) {
      skipSpace();
      values.push(text[i] === "'" ? quoted() : bare());
      skipSpace();
      const c = text[i++];
      if (c === ')') break;
      if (c !== ',') fail(i - 1, '"," or ")"');
    }
    rows.push({ values, raw: text.slice(open, i) });
    skipSpace();
    if (i >= text.length) return rows;
    if (text[i++] !== ',') fail(i - 1, '"," between rows');
  }

  function quoted(): string {
    let value = '';
    for (i++; i < text.length; i++) {
      const c = text[i]!;
      if (c === '\\') value += ESCAPES[text[++i] ?? ''] ?? text[i] ?? '';
      else if (c === "'" && text[i + 1] === "'") value += text[i++];
      else if (c === "'") {
        i++;
        return value;
      } else value += c;
    }
    return fail(i, 'a closing quote');
  }

  function bare(): string | null {
    const match = /^(NULL|[+-]?\d+(\.\d+)?)/i.exec(text.slice(i, i + 64));
    if (match === null) return fail(i, 'a value: a quoted string, a number or NULL');
    i += match[0].length;
    return match[1]!.toUpperCase() === 'NULL' ? null : match[0];
  }
}
