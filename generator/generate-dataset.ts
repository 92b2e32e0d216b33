import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENTITIES, entitiesOf } from '../catalog/entities.ts';
import type { GoldTableName } from '../catalog/gold-tables.ts';
import type { BadRow } from './bad-rows.ts';
import { onlineSales, writeCartFiles } from './carts-api.ts';
import { type CleanFileReport, CleanFileWriter } from './clean-file-writer.ts';
import type { CleanEntity } from './clean-tables.ts';
import { writeDimensionFiles } from './dimension-files.ts';
import { EntityLedger } from './entity-ledger.ts';
import { DIMENSION_STYLES, salesStyle } from './file-styles.ts';
import type { GenerateEvent } from './generate-events.ts';
import { type EntityManifest, GENERATOR_VERSION, MANIFEST_ENTITIES, type Manifest, type ManifestEntity, READ_ORDER, SOURCES } from './manifest.ts';
import { MYSQL_DUMP_PATH, writeMysqlDump } from './mysql-dump.ts';
import { GENERATOR_NAME, MANIFEST_PATH, prepareOutputDir } from './output-dir.ts';
import { rngStream } from './prng.ts';
import { writeReferenceGold } from './reference-gold.ts';
import { writeSalesFiles } from './sales-files.ts';
import { datasetSizes, SALES_WINDOW } from './sizes.ts';
import { fieldIndex, SOURCE_CONTRACTS, type SourceEntity } from './source-contracts.ts';
import type { SourceFileReport } from './source-file-writer.ts';
import type { SourceOutput } from './source-output.ts';
import { planCarts } from './truth/carts.ts';
import { type FileDimension, LATE_FILE, lateKeys, planDimensions } from './truth/dimensions.ts';
import { planStoreSales } from './truth/store-sales.ts';

export interface GenerateOptions {
  readonly out: string;
  /** Distinct store sales in the truth. */
  readonly scale: number;
  readonly seed: number;
  /** false writes tidy files (same truth, none of the untidiness). */
  readonly untidy: boolean;
  /** Replace --out even when it holds something other than a previous output. */
  readonly force: boolean;
}

export const BAD_ROWS_PATH = 'expected/bad-rows.json';

/** Landing files in arrival order: dimensions' first files, the first sales file, the late dimension files, the other sales files. */
function arrivalOrder(files: readonly SourceFileReport[]): string[] {
  const landing = files.filter((f) => f.path.startsWith('landing/')).map((f) => f.path);
  const sales = landing.filter((p) => p.startsWith('landing/sales-'));
  const dims = landing.filter((p) => !sales.includes(p));
  const late = dims.filter((p) => Number(p.slice(-8, -4)) - 1 >= LATE_FILE);
  return [...dims.filter((p) => !late.includes(p)), ...sales.slice(0, 1), ...late, ...sales.slice(1)];
}

/**
 * Writes a complete sample dataset into options.out: the sources (landing/, blobs/,
 * mysql/, api/) and what the pipeline must make of them (expected/). Deterministic:
 * the same seed, scale and tidiness write the same bytes; tidy and untidy share the truth.
 */
export async function generateDataset(options: GenerateOptions, onEvent: (event: GenerateEvent) => void): Promise<Manifest> {
  const dir = prepareOutputDir(options.out, options.force);
  const { seed, untidy } = options;
  const sizes = datasetSizes(options.scale);
  const sourceFiles: SourceFileReport[] = [];
  const cleanRows: Partial<Record<CleanEntity, number>> = {};
  const badRows: BadRow[] = [];
  const ledgers = Object.fromEntries(MANIFEST_ENTITIES.map((e) => [e, new EntityLedger()])) as Record<ManifestEntity, EntityLedger>;
  const fileWritten = (path: string, rows: number, bytes: number): void => onEvent({ kind: 'file-written', path, rows, bytes });
  const cleanWritten = (entity: CleanEntity, report: CleanFileReport): void => {
    cleanRows[entity] = report.rows;
    fileWritten(report.path, report.rows, report.bytes);
  };
  const output = (entity: SourceEntity): SourceOutput => ({
    out: dir,
    rng: untidy ? rngStream(seed, `untidy:${entity}`) : null,
    ledger: ledgers[entity],
    badRows,
    onFile: (report) => {
      sourceFiles.push(report);
      fileWritten(report.path, report.rows, report.bytes);
    },
  });

  onEvent({ kind: 'phase', phase: 'dimensions' });
  const dims = planDimensions(rngStream(seed, 'truth:dimensions'), sizes);
  const mysqlBytes = writeMysqlDump(dir, { categories: dims.categories, cities: dims.cities }, untidy ? rngStream(seed, 'untidy:mysql') : null, ledgers);
  fileWritten(MYSQL_DUMP_PATH, dims.categories.length + dims.cities.length, mysqlBytes);
  for (const entity of entitiesOf('mysql')) {
    const clean = new CleanFileWriter(dir, entity);
    for (const record of dims[entity]) clean.row(record);
    cleanWritten(entity, clean.close());
  }
  for (const entity of Object.keys(DIMENSION_STYLES) as FileDimension[]) cleanWritten(entity, writeDimensionFiles(output(entity), entity, dims[entity]));

  onEvent({ kind: 'phase', phase: 'sales' });
  const products = SOURCE_CONTRACTS.products;
  const prices = dims.products.map((p) => Number(p.record[fieldIndex(products, 'Price')]));
  const names = dims.products.map((p) => String(p.record[fieldIndex(products, 'ProductName')]));
  const sales = new CleanFileWriter(dir, 'sales');
  const storeTruth = planStoreSales(rngStream(seed, 'truth:sales'), {
    sizes,
    prices,
    lateProducts: lateKeys(dims.products),
    lateEmployees: lateKeys(dims.employees),
    lacksTotal: (file) => salesStyle(file, true).missing.includes('TotalPrice'),
  });
  writeSalesFiles(output('sales'), storeTruth, sizes.salesFiles, sales);

  onEvent({ kind: 'phase', phase: 'carts' });
  const carts = writeCartFiles(dir, sizes.carts, planCarts(rngStream(seed, 'truth:carts'), sizes, { names, prices }), (cart) => {
    ledgers.carts.good([cart.id]);
    for (const row of onlineSales(cart)) sales.row(row);
  });
  // One line for all the pages: there are scale/1200 of them.
  fileWritten('api/carts/page-*.json', carts.carts, carts.pages.reduce((sum, page) => sum + page.bytes, 0));
  fileWritten(carts.all.path, carts.all.rows, carts.all.bytes);
  cleanWritten('sales', sales.close());

  badRows.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  const badRowsJson = `[\n${badRows.map((row) => JSON.stringify(row)).join(',\n')}\n]\n`;
  writeFileSync(join(dir, BAD_ROWS_PATH), badRowsJson);
  fileWritten(BAD_ROWS_PATH, badRows.length, Buffer.byteLength(badRowsJson));

  onEvent({ kind: 'phase', phase: 'gold' });
  const gold: Partial<Record<GoldTableName, number>> = {};
  await writeReferenceGold(dir, (report) => {
    gold[report.table] = report.rows;
    fileWritten(report.path, report.rows, report.bytes);
  });

  const filesOf = (entity: ManifestEntity): string[] => {
    if (ENTITIES[entity].source === 'mysql') return [MYSQL_DUMP_PATH];
    if (ENTITIES[entity].source === 'api') return carts.pages.map((f) => f.path);
    return sourceFiles.filter((f) => f.entity === entity).map((f) => f.path);
  };
  const entities = Object.fromEntries(
    MANIFEST_ENTITIES.map((entity): [ManifestEntity, EntityManifest] => [entity, { source: SOURCES[ENTITIES[entity].source], files: filesOf(entity), ...ledgers[entity].counts }]),
  ) as Record<ManifestEntity, EntityManifest>;
  const manifest: Manifest = {
    generator: GENERATOR_NAME,
    version: GENERATOR_VERSION,
    seed,
    scale: options.scale,
    untidy,
    readOrder: READ_ORDER,
    salesWindow: { from: new Date(SALES_WINDOW.from).toISOString(), to: new Date(SALES_WINDOW.to).toISOString() },
    entities,
    onlineSaleLines: carts.lines,
    landingArrivalOrder: arrivalOrder(sourceFiles),
    sourceFiles,
    clean: cleanRows as Manifest['clean'],
    gold: gold as Manifest['gold'],
  };
  writeFileSync(join(dir, MANIFEST_PATH), `${JSON.stringify(manifest, null, 2)}\n`);
  onEvent({ kind: 'done', dir, manifest });
  return manifest;
}
