import type { DatasetFolder } from './dataset-folder.ts';
import type { PipelineEvent } from './pipeline-events.ts';

/**
 * Tells, from the sources' events, when everything a dataset folder held at the
 * start has been taken in: a folder of the user's own has no manifest counting
 * its rows, so each source says instead when it is done with each input. Every
 * landing file archived, found a duplicate or quarantined; every blob ingested,
 * unchanged, ignored or unreadable; the carts API read to its end once; the
 * MySQL snapshot finished. Bad rows inside them are dead-lettered on the way.
 */
export class DatasetProgress {
  private filesLeft: number;
  private readonly blobsLeft: Set<string>;
  private cartsRead = false;
  private mysqlLoaded: boolean;

  constructor(folder: Pick<DatasetFolder, 'landingFiles' | 'blobs' | 'mysqlDump'>) {
    this.filesLeft = folder.landingFiles.length;
    this.blobsLeft = new Set(folder.blobs);
    this.mysqlLoaded = folder.mysqlDump === undefined;
  }

  record({ part, event }: PipelineEvent): void {
    if (part === 'file-source' && (event.kind === 'file-archived' || event.kind === 'file-duplicate' || event.kind === 'file-quarantined')) this.filesLeft--;
    if (part === 'blob-source' && (event.kind === 'blob-ingested' || event.kind === 'blob-unchanged' || event.kind === 'blob-ignored' || event.kind === 'blob-unreadable')) this.blobsLeft.delete(event.name);
    if (part === 'carts-source' && event.kind === 'caught-up') this.cartsRead = true;
    if (part === 'mysql-snapshot' && event.kind === 'finished') this.mysqlLoaded = true;
  }

  caughtUp(): boolean {
    return this.filesLeft <= 0 && this.blobsLeft.size === 0 && this.cartsRead && this.mysqlLoaded;
  }
}
