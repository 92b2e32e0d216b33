/**
 * Test helpers of the catalog's drift checks: the names a SQL or Python file
 * lists by hand, in the file's order.
 */

/** The quoted names of the list `pattern`'s first group matches ('a', 'b', …); none when the pattern does not match. */
export function sqlList(sql: string, pattern: RegExp): string[] {
  const list = pattern.exec(sql)?.[1] ?? '';
  return [...list.matchAll(/'([^']*)'/g)].map(([, name]) => name!);
}

/** The keys of the Python dict literal opened by the line `opening` (one `"key": …` per line, up to the first closing brace); none when no line opens it. */
export function pythonDictKeys(source: string, opening: string): string[] {
  const start = source.indexOf(`${opening}\n`);
  if (start === -1) return [];
  const body = source.slice(start + opening.length, source.indexOf('}', start + opening.length));
  return [...body.matchAll(/^\s*"(\w+)":/gm)].map(([, key]) => key!);
}

/** Every `CREATE TABLE <schema>.<table>` of the SQL, with the columns of its PRIMARY KEY (in its body, or a later ALTER TABLE … ADD PRIMARY KEY). */
export function sqlTables(sql: string, schema: string): Record<string, readonly string[]> {
  const tables: Record<string, readonly string[]> = {};
  for (const [, table] of sql.matchAll(new RegExp(`CREATE TABLE ${schema}\\.(\\w+) (?:\\(|AS)`, 'g'))) {
    const start = sql.indexOf(`CREATE TABLE ${schema}.${table!} `);
    const next = sql.indexOf('CREATE TABLE', start + 1);
    const key = /PRIMARY KEY \(([^)]*)\)/.exec(sql.slice(start, next === -1 ? undefined : next))?.[1];
    tables[table!] = key === undefined ? [] : key.split(',').map((c) => c.trim());
  }
  return tables;
}
