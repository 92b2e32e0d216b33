import fc from 'fast-check';
import { expect } from 'vitest';
import { DEAD_LETTER_RULES } from '../../schemas/dead-letter-rules.ts';
import { assertNoDuplicates } from './file-source/delivery-invariants.ts';

/**
 * Hostile inputs for the sources' fuzz tests (test/unit/<source>/*-fuzz.test.ts):
 * malformed CSV files, carts API pages and Debezium change events. Each
 * generated input says what it holds (which rows, which carts, what was done to
 * them), so a test can account for every one of them in bronze or a dead letter.
 */

/** One seed for every fuzz test: a failure reproduces, and fast-check prints it with the counterexample's path. */
export const FUZZ_SEED = 20_261_207;

/** Text a cell may hold: printable, with the characters CSV and JSON care about, and non-ASCII. */
export const junkText = fc.string({ unit: fc.constantFrom(...'ab9 .,;-"\'\\/:{}[]\r\n\téü€😀'.split(/(?:)/u)), maxLength: 12 });

// ---------------------------------------------------------------- CSV files

/** A CSV table of one entity: its header and a row that is good under the contract, for a unique id. */
export interface CsvTable {
  readonly header: readonly string[];
  readonly good: (id: number) => readonly string[];
}

export type RowDamage = 'none' | 'junk-cell' | 'blank-cell' | 'dropped-cell' | 'extra-cells' | 'huge-cell' | 'quoted-newline';
export type FileDamage = 'none' | 'permuted-header' | 'dropped-column' | 'bom' | 'crlf' | 'unclosed-quote' | 'latin-1' | 'utf-16';

/** A generated data row: its id, what was done to it, and the line it starts on once written. */
export interface CsvRowCase {
  readonly id: number;
  readonly damage: RowDamage;
  readonly line: number;
}

/** A generated file: its bytes, what was done to it as a whole, and its rows (none known for random bytes). */
export interface CsvFileCase {
  readonly damage: FileDamage | 'random-bytes';
  readonly bytes: Buffer;
  readonly rows: readonly CsvRowCase[];
}

const rowDamage = fc.constantFrom<RowDamage>('none', 'none', 'none', 'junk-cell', 'blank-cell', 'dropped-cell', 'extra-cells', 'huge-cell', 'quoted-newline');
const fileDamage = fc.constantFrom<FileDamage>('none', 'none', 'permuted-header', 'permuted-header', 'dropped-column', 'bom', 'crlf', 'unclosed-quote', 'latin-1', 'utf-16');

const quoted = (value: string): string => (/[,"\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value);

interface RowPlan {
  readonly damage: RowDamage;
  readonly cell: number;
  readonly junk: string;
}

const rowPlan: fc.Arbitrary<RowPlan> = fc.record({ damage: rowDamage, cell: fc.nat(), junk: junkText });

function damagedCells(cells: readonly string[], plan: RowPlan): string[] {
  const out = [...cells];
  const at = plan.cell % out.length;
  switch (plan.damage) {
    case 'none':
      return out;
    case 'junk-cell':
      out[at] = plan.junk;
      return out;
    case 'blank-cell':
      out[at] = '';
      return out;
    case 'dropped-cell':
      out.splice(at, 1);
      return out;
    case 'extra-cells':
      return [...out, plan.junk, 'extra'];
    case 'huge-cell':
      out[at] = 'x'.repeat(300_000 + (plan.cell % 1000));
      return out;
    case 'quoted-newline':
      out[at] = `${out[at]}\n${plan.junk}`;
      return out;
  }
}

/**
 * Files of `table` with 1–`maxRows` data rows, each row damaged or not, and the
 * file damaged as a whole or not; ids from `firstId` on, one per row, so no two
 * files are equal (an identical file is archived as a duplicate).
 */
export function csvFile(table: CsvTable, firstId: number, maxRows: number): fc.Arbitrary<CsvFileCase> {
  const structured = fc
    .record({ damage: fileDamage, rows: fc.array(rowPlan, { minLength: 1, maxLength: maxRows }), order: fc.array(fc.nat(), { minLength: table.header.length, maxLength: table.header.length }), dropped: fc.nat() })
    .map(({ damage, rows, order, dropped }) => {
      // A column order: the header's, or a permutation of it (each cell follows its header).
      const columns = table.header.map((_, i) => i);
      if (damage === 'permuted-header') columns.sort((a, b) => order[a]! - order[b]! || a - b);
      if (damage === 'dropped-column') columns.splice(dropped % columns.length, 1);
      const eol = damage === 'crlf' ? '\r\n' : '\n';
      const lines = [columns.map((c) => table.header[c]!).join(',')];
      const cases: CsvRowCase[] = [];
      let line = 2;
      for (const [i, plan] of rows.entries()) {
        const id = firstId + i;
        const good = table.good(id);
        const text = damagedCells(
          columns.map((c) => good[c]!),
          plan,
        )
          .map(quoted)
          .join(',');
        cases.push({ id, damage: plan.damage, line });
        lines.push(text);
        line += text.split('\n').length - 1 + 1;
      }
      let text = lines.join(eol) + eol;
      // A writer cut off inside a quoted field: the file ends in an open quote.
      if (damage === 'unclosed-quote') text += `${firstId + rows.length},"never closed${eol}`;
      if (damage === 'unclosed-quote') cases.push({ id: firstId + rows.length, damage: 'none', line });
      if (damage === 'bom') return { damage, bytes: Buffer.from(`\ufeff${text}`, 'utf8'), rows: cases };
      // Wrong encodings: one non-ASCII name makes latin-1 not UTF-8; UTF-16 is full of NUL bytes.
      // (What latin-1 cannot hold becomes '?', as an export to it does.)
      if (damage === 'latin-1') return { damage, bytes: Buffer.from(text.replace(/\n/, 'é\n').replace(/[^ -\u00ff\t\r\n]/gu, '?'), 'latin1'), rows: cases };
      if (damage === 'utf-16') return { damage, bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), rows: cases };
      return { damage, bytes: Buffer.from(text, 'utf8'), rows: cases };
    });
  const random = fc.uint8Array({ minLength: 1, maxLength: 400 }).map((bytes): CsvFileCase => ({ damage: 'random-bytes', bytes: Buffer.from(bytes), rows: [] }));
  return fc.oneof({ arbitrary: structured, weight: 9 }, { arbitrary: random, weight: 1 });
}

/** File damage that keeps every undamaged row good: such a row must land in bronze as written. */
const ROWS_STAY_GOOD = new Set<CsvFileCase['damage']>(['none', 'permuted-header', 'bom', 'crlf', 'unclosed-quote']);

/** Where a source put what it read at one position (`<file>:line 4`): a bronze record or a dead letter. */
export interface Landing {
  readonly kind: 'bronze' | 'dead-letter';
  readonly record: object;
}

/** Every dead letter's reason starts with a rule of the dead-letter contract. */
export function expectKnownReasons(letters: readonly { readonly reason: string }[]): void {
  for (const letter of letters) expect(DEAD_LETTER_RULES as readonly string[]).toContain(letter.reason.split(':')[0]);
}

interface ReadAt {
  readonly source_uri: string;
  readonly source_position: string;
}

/** Bronze records and dead letters by where they were read (`positionOf`), none twice: not two records, nor a record and a dead letter. */
export function landingsByPosition(records: readonly { readonly lineage: ReadAt }[], letters: readonly ReadAt[], positionOf: (at: ReadAt) => string): Map<string, Landing> {
  assertNoDuplicates([...records.map((r) => positionOf(r.lineage)), ...letters.map(positionOf)], (p) => p);
  const landed = new Map<string, Landing>();
  for (const record of records) landed.set(positionOf(record.lineage), { kind: 'bronze', record });
  for (const record of letters) landed.set(positionOf(record), { kind: 'dead-letter', record });
  return landed;
}

/**
 * Every row of a readable, structured file exactly once: in bronze at its line
 * (an undamaged row as written: `good` is what it must hold) or in the DLQ with
 * its reason; or, behind a header that does not name the key, one dead letter
 * for the file and every row counted as skipped.
 */
export function expectEveryRowOnce(file: CsvFileCase, name: string, landed: ReadonlyMap<string, Landing>, skipped: number | undefined, good: (id: number) => object): void {
  const label = (line: number) => `${name}:line ${line} (file ${file.damage})`;
  const header = landed.get(`${name}:line 1`);
  if (header !== undefined) {
    expect(header.record, name).toMatchObject({ reason: expect.stringMatching(/^unmatched-header/) as unknown });
    expect(skipped, name).toBe(file.rows.length);
    for (const row of file.rows) expect(landed.has(`${name}:line ${row.line}`), label(row.line)).toBe(false);
    return;
  }
  for (const [i, row] of file.rows.entries()) {
    const outcome = landed.get(`${name}:line ${row.line}`);
    expect(outcome?.kind, label(row.line)).toMatch(/^(bronze|dead-letter)$/);
    if (file.damage === 'unclosed-quote' && i === file.rows.length - 1) expect(outcome!.record, label(row.line)).toMatchObject({ reason: expect.stringMatching(/^unclosed-quote/) as unknown });
    else if (row.damage === 'none' && ROWS_STAY_GOOD.has(file.damage)) expect(outcome!.record, label(row.line)).toMatchObject(good(row.id));
  }
}

// ---------------------------------------------------------------- carts API pages

export type CartDamage = 'none' | 'missing-field' | 'wrong-type' | 'junk-value' | 'not-an-object' | 'many-lines' | 'deep-nesting';

/** One cart as the hostile API serves it, with its id (ascending: the API pages by position) and what was done to it. */
export interface CartCase {
  readonly id: number;
  readonly damage: CartDamage;
  readonly value: unknown;
}

/** How the API answers one page before it answers it properly (a server that hangs, refuses or is overloaded). */
export type Transient = { readonly kind: 'status'; readonly status: 500 | 502 | 503 } | { readonly kind: 'too-many'; readonly retryAfter: string } | { readonly kind: 'hang' };

export type PageDamage = 'none' | 'bad-json' | 'not-an-object' | 'carts-not-a-list' | 'wrong-total' | 'huge';

/** One page of the hostile API: its carts, how it is broken as a whole, and the transient failures before it. */
export interface PageCase {
  readonly damage: PageDamage;
  readonly carts: readonly CartCase[];
  readonly transients: readonly Transient[];
}

const goodLine = (id: number, quantity: number) => ({ id, title: `Product ${id}`, price: 2.5, quantity, total: 2.5 * quantity, discountPercentage: 10, discountedTotal: 2.25 * quantity });

/** A cart good under the contract. */
export const goodCart = (id: number): Record<string, unknown> => ({ id, userId: (id % 50) + 1, products: [goodLine(id % 90 + 1, (id % 5) + 1)], createdAt: '2018-05-01T10:00:00.000Z' });

const cartFields = ['id', 'userId', 'products', 'createdAt'] as const;
const wrongTypes: readonly unknown[] = [null, true, 'x', -1, 1.5, 2 ** 53 + 2, [], {}, [1, 2], { a: 1 }];

function cartCase(id: number): fc.Arbitrary<CartCase> {
  const damage = fc.constantFrom<CartDamage>('none', 'none', 'none', 'missing-field', 'wrong-type', 'junk-value', 'not-an-object', 'many-lines', 'deep-nesting');
  return fc.record({ damage, field: fc.constantFrom(...cartFields), wrong: fc.constantFrom(...wrongTypes), junk: junkText }).map(({ damage, field, wrong, junk }): CartCase => {
    const cart = goodCart(id);
    switch (damage) {
      case 'none':
        return { id, damage, value: cart };
      case 'missing-field':
        // The id stays: without it the cart is still dead-lettered, but the test could not tell it from the others.
        delete cart[field === 'id' ? 'userId' : field];
        return { id, damage, value: cart };
      case 'wrong-type':
        return { id, damage, value: { ...cart, [field === 'id' ? 'createdAt' : field]: wrong } };
      case 'junk-value':
        return { id, damage, value: { ...cart, products: [{ ...goodLine(1, 1), [field === 'products' ? 'price' : 'quantity']: junk }] } };
      case 'not-an-object':
        return { id, damage, value: wrong ?? junk };
      case 'many-lines':
        return { id, damage, value: { ...cart, products: Array.from({ length: 3000 }, (_, i) => goodLine(i + 1, 1)), [junk]: junk } };
      case 'deep-nesting':
        return { id, damage, value: { ...cart, note: DEEP } };
    }
  });
}

/** Stands for an array inside an array … 100,000 deep in a served page: a value recursive JSON code cannot walk (nor write, so pageBody splices it in). */
const DEEP = '<deeply nested>';
const DEEP_JSON = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;

const transient: fc.Arbitrary<Transient> = fc.oneof(
  fc.constantFrom(500, 502, 503).map((status) => ({ kind: 'status' as const, status: status as 500 | 502 | 503 })),
  // Retry-After as seconds and as an HTTP date in the past: both mean retry now-ish, so the run stays fast.
  fc.constantFrom('0', 'Thu, 01 Jan 1970 00:00:00 GMT', 'soon').map((retryAfter) => ({ kind: 'too-many' as const, retryAfter })),
  fc.constant({ kind: 'hang' as const }),
);

/**
 * The pages of a hostile carts API of `pages` pages of `pageSize` carts (the
 * last one short), carts numbered from 1 in page order. A 'huge' page holds far
 * more carts than asked for (the API ignoring `limit`).
 */
export function cartsApi(pages: number, pageSize: number, hugeCarts: number): fc.Arbitrary<PageCase[]> {
  const pageDamage = fc.constantFrom<PageDamage>('none', 'none', 'none', 'none', 'bad-json', 'not-an-object', 'carts-not-a-list', 'wrong-total', 'huge');
  return fc
    .array(fc.record({ damage: pageDamage, transients: fc.array(transient, { maxLength: 2 }), cartSeeds: fc.array(fc.nat(), { minLength: pageSize, maxLength: pageSize }) }), { minLength: pages, maxLength: pages })
    .chain((plans) => {
      let next = 1;
      const sized = plans.map((plan, i) => {
        const count = plan.damage === 'huge' ? hugeCarts : i === plans.length - 1 ? pageSize - 1 : pageSize;
        const ids = Array.from({ length: count }, () => next++);
        return { plan, ids };
      });
      return fc.tuple(
        ...sized.map(({ plan, ids }) =>
          // A huge page's carts are plain good ones: its size is the hostile part.
          (plan.damage === 'huge' ? fc.constant(ids.map((id): CartCase => ({ id, damage: 'none', value: goodCart(id) }))) : fc.tuple(...ids.map(cartCase))).map(
            (carts): PageCase => ({ damage: plan.damage, carts, transients: plan.transients }),
          ),
        ),
      );
    });
}

/** The body of a page as served at `skip` of `total`: a dummyjson page, or broken as its case says. */
export function pageBody(page: PageCase, skip: number, total: number): Buffer {
  return Buffer.from(pageText(page, skip, total).replaceAll(JSON.stringify(DEEP), DEEP_JSON));
}

function pageText(page: PageCase, skip: number, total: number): string {
  const carts = page.carts.map((c) => c.value);
  switch (page.damage) {
    case 'none':
    case 'huge':
      return JSON.stringify({ carts, total, skip, limit: carts.length });
    case 'bad-json':
      return JSON.stringify({ carts, total, skip }).slice(0, -7);
    case 'not-an-object':
      return JSON.stringify(carts);
    case 'carts-not-a-list':
      return JSON.stringify({ carts: { ...carts }, total, skip });
    case 'wrong-total':
      return JSON.stringify({ carts, total: String(total), skip });
  }
}

// ---------------------------------------------------------------- Debezium change events

export type ChangeDamage = 'none' | 'truncated' | 'trailing-bytes' | 'no-magic-byte' | 'too-short' | 'tombstone';

/** A change event of `categories` as Debezium might write it: the writer's column types vary, values are any of those types. */
export interface ChangeCase {
  readonly damage: ChangeDamage;
  readonly idType: 'int' | 'long' | 'string' | 'double';
  readonly nameType: 'string' | 'nullable-string' | 'int' | 'bytes';
  readonly envelope: {
    readonly op: string;
    readonly before: Record<string, unknown> | null;
    readonly after: Record<string, unknown> | null;
    readonly source: { db: string; table: string | null; file: string; pos: number; row: number | null; snapshot: string | null; ts_ns: null };
    readonly ts_ms: number | null;
  };
  /** Where the damage cuts or what it appends. */
  readonly cut: number;
  readonly junk: Uint8Array;
}

// avsc writes a long from a number up to 2^52 either way.
const LONG = { min: -(2 ** 52), max: 2 ** 52 };
const idOfType = { int: fc.integer(), long: fc.integer(LONG), string: junkText, double: fc.double() } as const;
const nameOfType = { string: junkText, 'nullable-string': fc.option(junkText), int: fc.integer(), bytes: fc.uint8Array({ maxLength: 6 }).map((b) => Buffer.from(b)) } as const;

export const changeCase: fc.Arbitrary<ChangeCase> = fc
  .record({
    damage: fc.constantFrom<ChangeDamage>('none', 'none', 'none', 'none', 'truncated', 'trailing-bytes', 'no-magic-byte', 'too-short', 'tombstone'),
    idType: fc.constantFrom('int', 'int', 'long', 'string', 'double'),
    nameType: fc.constantFrom('string', 'string', 'nullable-string', 'int', 'bytes'),
  })
  .chain(({ damage, idType, nameType }) => {
    const row = fc.option(fc.record({ CategoryID: idOfType[idType], CategoryName: nameOfType[nameType] as fc.Arbitrary<unknown>, Note: fc.option(junkText) }), { freq: 5 });
    return fc.record({
      damage: fc.constant(damage),
      idType: fc.constant(idType),
      nameType: fc.constant(nameType),
      envelope: fc.record({
        op: fc.constantFrom('c', 'u', 'd', 'r', 'r', 't', 'x', ''),
        before: row,
        after: row,
        source: fc.record({
          db: fc.constantFrom('operational', ''),
          table: fc.option(fc.constantFrom('categories', 'other')),
          file: fc.constantFrom('mariadb-bin.000004', ''),
          pos: fc.integer({ ...LONG, min: 0 }),
          row: fc.option(fc.integer({ min: -1, max: 5 })),
          snapshot: fc.option(fc.constantFrom('false', 'true', 'first', 'last')),
          ts_ns: fc.constant(null),
        }),
        ts_ms: fc.option(fc.oneof(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.integer(LONG))),
      }),
      cut: fc.nat(),
      junk: fc.uint8Array({ minLength: 1, maxLength: 8 }),
    });
  });

/** The writer's schema for a case's column types, in Debezium's envelope (the shape change-events.ts gives). */
export function changeColumns(c: Pick<ChangeCase, 'idType' | 'nameType'>): object[] {
  const name = c.nameType === 'nullable-string' ? ['null', 'string'] : c.nameType;
  return [
    { name: 'CategoryID', type: c.idType },
    { name: 'CategoryName', type: name },
    { name: 'Note', type: ['null', 'string'], default: null },
  ];
}

/** The framed bytes of a case, damaged as it says: null for Debezium's own tombstone. */
export function damagedChange(c: ChangeCase, framed: Buffer): Buffer | null {
  switch (c.damage) {
    case 'none':
      return framed;
    case 'tombstone':
      return null;
    case 'truncated':
      // Cut inside the Avro body: the 5-byte header stays, so the decoder reaches the body.
      return framed.subarray(0, 5 + (c.cut % (framed.length - 5)));
    case 'trailing-bytes':
      return Buffer.concat([framed, c.junk]);
    case 'no-magic-byte':
      return Buffer.concat([Buffer.from([1 + (c.cut % 255)]), framed.subarray(1)]);
    case 'too-short':
      return Buffer.from(c.junk.subarray(0, 4)).fill(0, 0, 1);
  }
}
