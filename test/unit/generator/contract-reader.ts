import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { BadRowRule } from '../../../generator/bad-rows.ts';
import { CLEAN_TABLES, type CleanEntity } from '../../../generator/clean-tables.ts';
import { SOURCE_CONTRACTS, type SourceEntity, type SourceField, type Value } from '../../../generator/source-contracts.ts';

/**
 * An independent reader of the generator's sources, written from generator/README.md
 * (csv-parse for the CSV, its own typing, header matching and name rule): what a
 * correct silver layer makes of the files. Tests compare it with expected/.
 */

export interface ReadRow {
  readonly entity: SourceEntity;
  readonly file: string;
  readonly line: number;
  /** Typed values in canonical field order; null for a bad row. */
  readonly record: Value[] | null;
  readonly defects: readonly { readonly field: string; readonly rule: BadRowRule }[];
}

const normalize = (header: string): string => header.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * The contract's name rule on the ASCII names the generator writes, read from the README
 * alone: mixed case is kept; one-case names get a capital per word, per hyphenated part,
 * after a one-letter apostrophe prefix (O') and after Mc; particles stay lower.
 */
export function nameRule(text: string): string {
  const name = text.trim().replace(/\s+/g, ' ');
  if (/[A-Z]/.test(name) && /[a-z]/.test(name)) return name;
  return name
    .toLowerCase()
    .split(' ')
    .map((word, i) => (i > 0 && /^(van|von|der|den|de|del|della|di|da|du|la|le|ten|ter)$/.test(word) ? word : word.replace(/(^|-)([a-z0-9])/g, (_m, sep: string, c: string) => sep + c.toUpperCase())))
    .map((word) => word.replace(/^([A-Z])'([a-z])/, (_m, a: string, b: string) => `${a}'${b.toUpperCase()}`).replace(/^Mc([a-z])/, (_m, c: string) => `Mc${c.toUpperCase()}`))
    .join(' ');
}

const TIMESTAMP_FORMATS = [
  { re: /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z?$/, order: [1, 2, 3] },
  { re: /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/, order: [3, 1, 2] },
  { re: /^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2}):(\d{2})$/, order: [3, 2, 1] },
] as const;
const DATE_FORMATS = [
  { re: /^(\d{4})-(\d{2})-(\d{2})$/, order: [1, 2, 3] },
  { re: /^(\d{2})\/(\d{2})\/(\d{4})$/, order: [3, 1, 2] },
  { re: /^(\d{2})\.(\d{2})\.(\d{4})$/, order: [3, 2, 1] },
] as const;

/** Epoch ms, 'impossible' for a recognised shape with an impossible value; throws on an unknown shape. */
function parseTime(text: string, withTime: boolean): number | 'impossible' {
  for (const { re, order } of withTime ? TIMESTAMP_FORMATS : DATE_FORMATS) {
    const m = re.exec(text);
    if (m === null) continue;
    const [y, mo, d] = order.map((i) => Number(m[i]));
    const [h, mi, s] = withTime ? [4, 5, 6].map((i) => Number(m[i])) : [0, 0, 0];
    const ms = withTime && m[7] !== undefined ? Number(m[7].padEnd(3, '0')) : 0;
    const t = Date.UTC(y ?? 0, (mo ?? 0) - 1, d ?? 0, h, mi, s, ms);
    const back = new Date(t);
    const valid = back.getUTCFullYear() === y && back.getUTCMonth() + 1 === mo && back.getUTCDate() === d && (h ?? 0) < 24 && (mi ?? 0) < 60 && (s ?? 0) < 60;
    return valid ? t : 'impossible';
  }
  throw new Error(`not a documented ${withTime ? 'timestamp' : 'date'} format: ${JSON.stringify(text)}`);
}

/** An exact decimal in units of 10^-scale, or null when malformed. */
function parseDecimal(text: string, scale: number): number | null {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (m === null || (m[2] === '' && (m[3] ?? '') === '') || (m[3] ?? '').length > scale) return null;
  const units = Number((m[2] || '0') + (m[3] ?? '').padEnd(scale, '0'));
  return m[1] === '-' ? -units : units;
}

type Typed = { readonly value: Value } | { readonly rule: BadRowRule };

export function typeField(field: SourceField, raw: string | undefined): Typed {
  const text = (raw ?? '').trim();
  if (text === '') {
    if (field.required) return { rule: 'missing-required' };
    return { value: field.blankIsZero === true ? 0 : null };
  }
  switch (field.kind) {
    case 'int':
    case 'decimal': {
      const units = field.kind === 'int' ? (/^-?\d+$/.test(text) ? Number(text) : null) : parseDecimal(text, field.scale ?? 0);
      if (units === null) return { rule: 'malformed-number' };
      if (field.min !== undefined && units < field.min) return { rule: 'out-of-range' };
      return { value: field.zeroIsNull === true && units === 0 ? null : units };
    }
    case 'timestamp':
    case 'date': {
      const t = parseTime(text, field.kind === 'timestamp');
      return t === 'impossible' ? { rule: 'impossible-date' } : { value: t };
    }
    case 'boolean':
      if (text === field.unknownWord) return { value: null };
      if (text === 'True' || text === 'False') return { value: text === 'True' };
      throw new Error(`not a documented boolean: ${JSON.stringify(text)}`);
    case 'name':
      return { value: nameRule(text) };
    case 'text':
      return { value: text };
  }
}

/** Reads one source CSV file (path relative to the dataset) into typed rows with their defects. */
export function readSourceFile(dir: string, file: string, entity: SourceEntity): ReadRow[] {
  const fields = SOURCE_CONTRACTS[entity].fields;
  // With `info`, csv-parse yields {record, info} objects (its types only model plain records).
  const parsed = parse(readFileSync(join(dir, file)), { bom: true, relax_column_count: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  const first = parsed[0]?.record.map(normalize) ?? [];
  const key = fields[0] as SourceField;
  const hasHeader = first.includes(normalize(key.name)) || (key.alias !== undefined && first.includes(normalize(key.alias)));
  const columnOf = fields.map((f) => (hasHeader ? first.findIndex((h) => h === normalize(f.name) || (f.alias !== undefined && h === normalize(f.alias))) : fields.indexOf(f)));
  const rows: ReadRow[] = [];
  let previousEnd = 0;
  for (const [index, { record, info }] of parsed.entries()) {
    const line = previousEnd + 1;
    previousEnd = info.lines;
    if (hasHeader && index === 0) continue;
    const defects: { field: string; rule: BadRowRule }[] = [];
    const values: Value[] = [];
    if (!hasHeader && record.length < fields.length) defects.push({ field: fields[record.length]?.name ?? '', rule: 'too-few-columns' });
    else {
      fields.forEach((field, i) => {
        const column = columnOf[i] ?? -1;
        const typed = column < 0 ? ({ value: null } as const) : typeField(field, record[column]);
        if ('rule' in typed) defects.push({ field: field.name, rule: typed.rule });
        else values.push(typed.value);
      });
    }
    rows.push({ entity, file, line, record: defects.length === 0 ? values : null, defects });
  }
  return rows;
}

export interface Replay {
  readonly latest: Map<Value, Value[]>;
  readonly counts: { rowsWritten: number; good: number; bad: number; duplicates: number; corrections: number; keys: number };
}

/** Latest good version per key, in read order; equal versions are duplicates, different ones corrections. */
export function replay(rows: readonly ReadRow[]): Replay {
  const latest = new Map<Value, Value[]>();
  const counts = { rowsWritten: 0, good: 0, bad: 0, duplicates: 0, corrections: 0, keys: 0 };
  for (const row of rows) {
    counts.rowsWritten++;
    if (row.record === null) {
      counts.bad++;
      continue;
    }
    counts.good++;
    const key = row.record[0] ?? null;
    const before = latest.get(key);
    if (before === undefined) counts.keys++;
    else if (JSON.stringify(before) === JSON.stringify(row.record)) counts.duplicates++;
    else counts.corrections++;
    latest.set(key, row.record);
  }
  return { latest, counts };
}

/** Reads expected/clean/<entity>.csv into the same typed values (numerics in units of their scale, times epoch ms). */
export function readClean(dir: string, entity: CleanEntity): Value[][] {
  const types = CLEAN_TABLES[entity].columns.map(([, type]) => type);
  const rows = parse(readFileSync(join(dir, `expected/clean/${entity}.csv`)), { from_line: 2 }) as string[][];
  return rows.map((row) =>
    row.map((text, i): Value => {
      const type = types[i];
      if (text === '') return null;
      if (type === 'int') return Number(text);
      if (type === 'boolean') return text === 't';
      if (type === 'timestamp(3)' || type === 'date') {
        const t = parseTime(text, type !== 'date');
        if (t === 'impossible') throw new Error(`clean ${entity} holds an impossible time ${text}`);
        return t;
      }
      if (type?.startsWith('numeric') === true) return parseDecimal(text, Number(type.slice(-2, -1)));
      return text;
    }),
  );
}
