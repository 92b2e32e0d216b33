import { copyFileSync, existsSync, mkdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { entityOfBlob } from '../connectors/blob-source/blob-entity.ts';
import { entityOfFile } from '../connectors/file-source/entity-of-file.ts';
import { foldersOverlap, readDatasetFolder, type DatasetFolder } from '../pipeline/dataset-folder.ts';
import { PipelineError } from '../pipeline/pipeline-error.ts';

/** A folder of the user's own, read as the pipeline will read it and checked, before anything is started or written. */
export function ownDataset(dataset: string, runDir: string): DatasetFolder {
  const folder = readDatasetFolder(dataset);
  const real = existsSync(runDir) ? realpathSync(runDir) : path.resolve(runDir);
  if (foldersOverlap(folder.dir, real)) {
    throw new PipelineError(
      'dataset-overlap',
      `the run's folder ${real} and the dataset folder ${folder.dir} overlap; the run's folder is cleared at every start and the dataset is never written`,
      'pass --dir with a folder outside the dataset (and not above it)',
    );
  }
  return folder;
}

/**
 * Copies the dataset's landing files into the run's own landing folder: the
 * file source moves every file it has read into its archive, and the user's
 * folder must stay as it was. Returns the folder the file source watches.
 */
export function copyLanding(folder: DatasetFolder, workDir: string): string {
  const landing = path.join(workDir, 'landing');
  mkdirSync(landing, { recursive: true });
  for (const name of folder.landingFiles) copyFileSync(path.join(folder.dir, 'landing', name), path.join(landing, name));
  return landing;
}

/** What the run will read, one line per source, as step 1 prints it. */
export function datasetLines(folder: DatasetFolder): string[] {
  const unknownFiles = folder.landingFiles.filter((f) => entityOfFile(f) === undefined);
  const unknownBlobs = folder.blobs.filter((b) => entityOfBlob(b) === undefined);
  const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
  const none = (what: string): string => `none (no ${what})`;
  return [
    `    CSV folder  ${folder.landingFiles.length === 0 ? none('landing/ files') : `${count(folder.landingFiles.length, 'file')} in landing/${unknownFiles.length === 0 ? '' : ` (${unknownFiles.join(', ')}: no contract knows the name; quarantined)`}`}`,
    `    blobs       ${folder.blobs.length === 0 ? none('blobs/ CSV files') : `${count(folder.blobs.length, 'blob')} from blobs/${unknownBlobs.length === 0 ? '' : ` (${unknownBlobs.join(', ')}: no contract knows the name; ignored)`}`}`,
    `    MySQL       ${folder.mysqlDump === undefined ? none('mysql/*.sql') : `${path.relative(folder.dir, folder.mysqlDump)} (its snapshot)`}`,
    `    carts API   ${folder.carts === undefined ? none('api/carts/*.json') : path.relative(folder.dir, folder.carts)}`,
    `    expected    ${folder.expectedGold === undefined ? 'no expected/gold/: there is no expected gold to compare with' : path.relative(folder.dir, folder.expectedGold)}`,
  ];
}

