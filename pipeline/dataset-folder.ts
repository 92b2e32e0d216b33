import { readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { entityOfBlob } from '../connectors/blob-source/blob-entity.ts';
import { entityOfFile, isHiddenFile } from '../connectors/file-source/entity-of-file.ts';
import { ALL_CARTS_PATH } from '../generator/carts-api.ts';
import { datasetBlobNames } from './blob-upload.ts';
import { PipelineError, type PipelineErrorCode } from './pipeline-error.ts';

/** The layout a dataset folder is read in, as `medallion generate` writes it; every part is optional. */
export const DATASET_LAYOUT = 'landing/ (sales*, products*, employees* CSV files), blobs/<entity>/ (customers*, countries* CSV files), mysql/*.sql (one dump of categories and cities) or api/carts/ (carts.json, or dummyjson pages)';

/** What a folder in the dataset layout holds, as the pipeline will read it. */
export interface DatasetFolder {
  /** The folder's real path. */
  readonly dir: string;
  /** Files directly in landing/, in name order: what the file source reads (it quarantines a name no contract knows). */
  readonly landingFiles: readonly string[];
  /** Blob names under blobs/, in upload order: what the blob source reads (it ignores a name no contract knows). */
  readonly blobs: readonly string[];
  /** The MySQL dump whose snapshot stands in for change data capture. */
  readonly mysqlDump: string | undefined;
  /** api/carts/, when it holds carts for the local carts API. */
  readonly carts: string | undefined;
  /** expected/gold/, the gold a correct pipeline makes of the folder (`medallion generate` writes it). */
  readonly expectedGold: string | undefined;
}

const statOf = (file: string): Stats | undefined => statSync(file, { throwIfNoEntry: false });
const isFolder = (folder: string): boolean => statOf(folder)?.isDirectory() === true;
const visibleFiles = (folder: string, suffix: string): string[] =>
  isFolder(folder)
    ? readdirSync(folder, { withFileTypes: true })
        .filter((e) => e.isFile() && !isHiddenFile(e.name) && e.name.toLowerCase().endsWith(suffix))
        .map((e) => e.name)
        .sort()
    : [];

const refuse = (code: PipelineErrorCode, message: string, fix: string): PipelineError => new PipelineError(code, message, fix);

/**
 * Reads what a folder in the dataset layout holds, without changing it.
 * Refuses, naming the folder and the layout, one that does not exist, is
 * empty, holds nothing a source contract knows, or holds more than one MySQL dump.
 */
export function readDatasetFolder(folder: string): DatasetFolder {
  const absolute = path.resolve(folder);
  const stats = statOf(absolute);
  if (stats === undefined) throw refuse('dataset-missing', `the dataset folder ${absolute} does not exist`, `pass --dataset with a folder holding ${DATASET_LAYOUT}`);
  if (!stats.isDirectory()) throw refuse('dataset-not-a-folder', `the dataset path ${absolute} is a file, not a folder`, `pass --dataset with a folder holding ${DATASET_LAYOUT}`);
  const dir = realpathSync(absolute);
  const entries = readdirSync(dir);
  if (entries.length === 0) throw refuse('dataset-empty', `the dataset folder ${dir} is empty`, `put your data in it as ${DATASET_LAYOUT}`);

  const landingFiles = visibleFiles(path.join(dir, 'landing'), '');
  const blobsDir = path.join(dir, 'blobs');
  const blobs = isFolder(blobsDir) ? datasetBlobNames(blobsDir) : [];
  const mysqlDump = mysqlDumpOf(dir);
  const carts = cartsFolderOf(dir);
  const known = landingFiles.some((f) => entityOfFile(f) !== undefined) || blobs.some((b) => entityOfBlob(b) !== undefined) || mysqlDump !== undefined || carts !== undefined;
  if (!known) {
    throw refuse(
      'dataset-unknown',
      `the dataset folder ${dir} holds nothing a source contract knows (found ${found(dir, entries)})`,
      `put your data in it as ${DATASET_LAYOUT}`,
    );
  }
  const expectedGold = path.join(dir, 'expected', 'gold');
  return {
    dir,
    landingFiles,
    blobs,
    mysqlDump,
    carts,
    expectedGold: visibleFiles(expectedGold, '.csv').length > 0 ? expectedGold : undefined,
  };
}

/** The dataset's MySQL dump (mysql/*.sql), if it has one; refused when it has several, since embedded mode loads one snapshot. */
export function mysqlDumpOf(dataset: string): string | undefined {
  const folder = path.join(dataset, 'mysql');
  const dumps = visibleFiles(folder, '.sql');
  if (dumps.length > 1) {
    throw refuse('dataset-ambiguous', `${folder} holds ${dumps.length} SQL dumps (${dumps.join(', ')}); embedded mode loads one snapshot`, 'keep one dump there (concatenate them into one file, in a copy of the folder)');
  }
  return dumps[0] === undefined ? undefined : path.join(folder, dumps[0]);
}

/** The dataset's api/carts/ folder, when it holds carts (carts.json or page files) for the local carts API. */
export function cartsFolderOf(dataset: string): string | undefined {
  const folder = path.dirname(path.join(dataset, ALL_CARTS_PATH));
  return visibleFiles(folder, '.json').length > 0 ? folder : undefined;
}

/** A few of the folder's files, relative to it, to show what was there instead. */
function found(dir: string, entries: readonly string[]): string {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statOf(path.join(dir, f))?.isFile() === true).sort();
  if (files.length === 0) return `only the empty folder${entries.length === 1 ? '' : 's'} ${entries.join(', ')}`;
  return `${files.slice(0, 5).join(', ')}${files.length > 5 ? `, and ${files.length - 5} more` : ''}`;
}

/** True when one folder is the other or inside it: a run folder that is cleared must never hold the dataset. */
export function foldersOverlap(a: string, b: string): boolean {
  const inside = (child: string, parent: string): boolean => {
    const rel = path.relative(parent, child);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  };
  return inside(a, b) || inside(b, a);
}
