import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOURCE_CONTRACTS, type SourceEntity } from '../../../generator/source-contracts.ts';
import { nameRule, readSourceFile, replay } from './contract-reader.ts';
import { type Dataset, generateInTemp, treeHash } from './datasets.ts';

const UNTIDINESS = [
  'header-alias', 'header-lower', 'header-spaced', 'header-snake', 'headerless', 'extra-columns', 'missing-columns',
  'timestamp-iso-t', 'timestamp-us', 'timestamp-de', 'date-us', 'date-de', 'bom', 'crlf', 'exact-duplicate-lines', 'duplicates', 'corrections',
  'bad-rows', 'blank-discount', 'zero-total', 'odd-names', 'late-dimensions',
] as const;
type Untidiness = (typeof UNTIDINESS)[number];

const normalize = (h: string): string => h.toLowerCase().replace(/[^a-z0-9]/g, '');
const NAME_FIELDS = new Set(Object.values(SOURCE_CONTRACTS).flatMap((c) => c.fields.filter((f) => f.kind === 'name').map((f) => f.name)));

/** Every kind of untidiness the dataset's bytes show, found without the generator's code. */
function untidinessIn(data: Dataset): Set<Untidiness> {
  const found = new Set<Untidiness>();
  const files = data.manifest.sourceFiles;
  for (const { path, entity } of files) {
    const bytes = readFileSync(join(data.dir, path));
    const text = bytes.toString('utf8');
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) found.add('bom');
    if (text.includes('\r\n')) found.add('crlf');
    const [first = []] = parse(bytes, { bom: true, to_line: 1, relax_column_count: true }) as string[][];
    const fields = SOURCE_CONTRACTS[entity].fields;
    const canonical = new Map(fields.map((f) => [normalize(f.name), f]));
    const aliases = new Map(fields.flatMap((f) => (f.alias === undefined ? [] : [[normalize(f.alias), f] as const])));
    if (/^\d/.test(first[0] ?? '')) found.add('headerless');
    else {
      if (first.some((h) => aliases.has(normalize(h)))) found.add('header-alias');
      if (first.every((h) => h === h.toLowerCase() && !/[ _]/.test(h)) && first.some((h) => /[a-z]id$/.test(h))) found.add('header-lower');
      if (first.some((h) => h.includes(' '))) found.add('header-spaced');
      if (first.some((h) => /[A-Za-z]_[A-Za-z]/.test(h) && canonical.has(normalize(h)))) found.add('header-snake');
      if (first.some((h) => !canonical.has(normalize(h)) && !aliases.has(normalize(h)))) found.add('extra-columns');
      const present = new Set(first.map((h) => aliases.get(normalize(h))?.name ?? canonical.get(normalize(h))?.name));
      if (fields.some((f) => !present.has(f.name))) found.add('missing-columns');
    }
    if (/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/.test(text)) found.add('timestamp-iso-t');
    if (/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}/.test(text)) found.add('timestamp-us');
    if (/\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}/.test(text)) found.add('timestamp-de');
    if (/(^|,)\d{2}\/\d{2}\/\d{4}(,|$)/m.test(text)) found.add('date-us');
    if (/(^|,)\d{2}\.\d{2}\.\d{4}(,|$)/m.test(text)) found.add('date-de');
    const rows = readSourceFile(data.dir, path, entity);
    if (rows.some((r) => r.record === null)) found.add('bad-rows');
    // Raw text of good rows: blank discounts, zero totals, names that are not yet trimmed and cased.
    const records = parse(bytes, { bom: true, relax_column_count: true, from_line: /^\d/.test(first[0] ?? '') ? 1 : 2 }) as string[][];
    const header = /^\d/.test(first[0] ?? '') ? fields.map((f) => f.name) : first.map((h) => aliases.get(normalize(h))?.name ?? canonical.get(normalize(h))?.name);
    if (new Set(records.map((r) => JSON.stringify(r))).size < records.length) found.add('exact-duplicate-lines');
    records.forEach((record, i) => {
      if (rows[i]?.record === null) return;
      record.forEach((value, c) => {
        const field = header[c];
        if (field === 'Discount' && value === '') found.add('blank-discount');
        if (field === 'TotalPrice' && /^0(\.0+)?$/.test(value)) found.add('zero-total');
        if (field !== undefined && NAME_FIELDS.has(field) && value !== nameRule(value.trim())) found.add('odd-names');
      });
    });
  }
  for (const entity of ['sales', 'products', 'employees', 'customers', 'countries'] as const satisfies readonly SourceEntity[]) {
    const { counts } = replay(data.manifest.entities[entity].files.flatMap((file) => readSourceFile(data.dir, file, entity)));
    if (counts.duplicates > 0) found.add('duplicates');
    if (counts.corrections > 0) found.add('corrections');
  }
  const mysql = readFileSync(join(data.dir, 'mysql/operational.sql'), 'utf8');
  for (const [, name] of mysql.matchAll(/^\(\d+,'((?:[^']|'')*)'/gm)) if (name !== undefined && name !== nameRule(name.trim())) found.add('odd-names');
  // A dimension key referenced by the first sales file that no earlier-arriving file of its entity holds.
  const order = data.manifest.landingArrivalOrder;
  const firstSales = readSourceFile(data.dir, 'landing/sales-0001.csv', 'sales').flatMap((r) => (r.record === null ? [] : [r.record]));
  for (const [entity, column] of [['products', 3], ['employees', 1]] as const) {
    const before = order.slice(0, order.indexOf('landing/sales-0001.csv')).filter((f) => f.startsWith(`landing/${entity}-`));
    const known = new Set(before.flatMap((f) => readSourceFile(data.dir, f, entity).flatMap((r) => (r.record === null ? [] : [r.record[0]]))));
    if (firstSales.some((sale) => !known.has(sale[column] ?? null))) found.add('late-dimensions');
  }
  return found;
}

describe('untidiness', () => {
  let untidy: Dataset;
  let tidy: Dataset;

  beforeAll(async () => {
    untidy = await generateInTemp(21, true);
    tidy = await generateInTemp(21, false);
  }, 60_000);
  afterAll(() => [untidy, tidy].forEach((d) => d?.remove()));

  it('the default output shows every kind of untidiness', () => {
    expect([...untidinessIn(untidy)].sort()).toEqual([...UNTIDINESS].sort());
  });

  it('--tidy output shows none of it', () => {
    expect([...untidinessIn(tidy)]).toEqual([]);
    expect(tidy.manifest.sourceFiles.every((f) => f.header === 'canonical' && !f.bom && f.lineEnding === 'lf' && f.dates === 'iso')).toBe(true);
  });

  it('tidy and untidy output of one seed have the same truth and gold, byte for byte', () => {
    expect(treeHash(tidy.dir, 'expected/clean')).toBe(treeHash(untidy.dir, 'expected/clean'));
    expect(treeHash(tidy.dir, 'expected/gold')).toBe(treeHash(untidy.dir, 'expected/gold'));
  });

  it('--tidy writes one file per dimension entity; both modes write the sales in the same files', () => {
    for (const entity of ['products', 'employees', 'customers', 'countries'] as const) expect(tidy.manifest.entities[entity].files).toHaveLength(1);
    expect(tidy.manifest.entities.sales.files).toEqual(untidy.manifest.entities.sales.files);
  });

  it('both modes quote fields with commas, quotes and line breaks: that is data, not untidiness', () => {
    for (const data of [untidy, tidy]) {
      const addresses = data.manifest.entities.customers.files.flatMap((file) => readSourceFile(data.dir, file, 'customers')).flatMap((r) => (r.record === null ? [] : [String(r.record[5])]));
      expect(addresses.some((a) => a.includes(','))).toBe(true);
      expect(addresses.some((a) => a.includes('"'))).toBe(true);
      expect(addresses.some((a) => a.includes('\n'))).toBe(true);
    }
  });
});
