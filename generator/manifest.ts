import { ENTITY_NAMES, type EntityName } from '../catalog/entities.ts';
import type { GoldTableName } from '../catalog/gold-tables.ts';
import type { SourceKind } from '../catalog/source-kinds.ts';
import type { CleanEntity } from './clean-tables.ts';
import type { EntityCounts } from './entity-ledger.ts';
import type { SourceFileReport } from './source-file-writer.ts';

/** Bump when the same seed and scale would write different bytes. */
export const GENERATOR_VERSION = '1.0.0';

/** Every source entity of the catalog. */
export const MANIFEST_ENTITIES = ENTITY_NAMES;
export type ManifestEntity = EntityName;

/** The dataset's folder of each kind of source: where its entities' files are. */
export const SOURCES = { file: 'landing', blob: 'blobs', mysql: 'mysql', api: 'api' } as const satisfies { readonly [K in SourceKind]: string };
export type Source = (typeof SOURCES)[SourceKind];

export interface EntityManifest extends EntityCounts {
  readonly source: Source;
  /** The entity's files in read order, relative to the output directory. */
  readonly files: readonly string[];
}

/** expected/manifest.json: everything a test needs to know about a dataset, and nothing that varies between runs. */
export interface Manifest {
  readonly generator: string;
  readonly version: string;
  readonly seed: number;
  readonly scale: number;
  readonly untidy: boolean;
  readonly readOrder: string;
  readonly salesWindow: { readonly from: string; readonly to: string };
  readonly entities: { readonly [E in ManifestEntity]: EntityManifest };
  /** Online sales: one per cart line (clean.sales rows with channel 'online'). */
  readonly onlineSaleLines: number;
  /** The landing files in the order a test should drop them to simulate arrival (late dimensions after the first sales file). */
  readonly landingArrivalOrder: readonly string[];
  readonly sourceFiles: readonly SourceFileReport[];
  readonly clean: { readonly [E in CleanEntity]: number };
  readonly gold: { readonly [T in GoldTableName]: number };
}

export const READ_ORDER =
  'Latest good version per key wins. CSV files of an entity are read in file-name order (name order = time order), rows in line order; ' +
  'MariaDB tables count as their final state; each cart id appears once. A good row equal (after typing and cleaning) to the latest version of its key is a duplicate, a different one a correction; bad rows never count.';
