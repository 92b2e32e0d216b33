import { createHash } from 'node:crypto';
import { mkdir, realpath } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Transport } from '../../transport/transport.ts';
import type { FileSourceSerde } from './file-ingest.ts';
import { FileSourceError } from './file-source-error.ts';
import type { FileSourceEvent } from './file-source-events.ts';
import { statOrUndefined } from './file-probes.ts';

export interface FileSourceOptions {
  /** The watched folder. It must exist. */
  readonly landing: string;
  /** Where finished files go; default `<landing>/../archive`. */
  readonly archive?: string;
  /** Where unreadable and unknown files go; default `<landing>/../quarantine`. */
  readonly quarantine?: string;
  /** How long a file must be unchanged before its complete rows are read. */
  readonly settleMs?: number;
  /** How long a fully read file must be unchanged before it is finished (its unterminated last line read) and archived. */
  readonly finishMs?: number;
  readonly transport: Transport;
  readonly serde: FileSourceSerde;
  /** Prepended to every topic name (tests, side-by-side runs). */
  readonly topicPrefix?: string;
  /** Names this sidecar's checkpoints and transactional id; default derived from the landing folder's real path. */
  readonly sourceName?: string;
  /** Partitions of the bronze and dead-letter topics when this sidecar creates them. */
  readonly partitions?: number;
  /** Rows per transaction. */
  readonly batchRows?: number;
  readonly onEvent?: (event: FileSourceEvent) => void;
}

export const FILE_SOURCE_DEFAULTS = { settleMs: 1000, finishMs: 10_000, partitions: 3, batchRows: 10_000, blockBytes: 1 << 20 } as const;

/** The options with every default filled in, checked; the folders exist afterwards. */
export interface ResolvedOptions {
  readonly landing: string;
  readonly archive: string;
  readonly quarantine: string;
  readonly settleMs: number;
  readonly finishMs: number;
  readonly sourceName: string;
  readonly partitions: number;
  readonly batchRows: number;
}

export async function resolveOptions(options: FileSourceOptions): Promise<ResolvedOptions> {
  const landing = await landingFolder(options.landing);
  const settleMs = positive('settleMs', options.settleMs ?? FILE_SOURCE_DEFAULTS.settleMs);
  const resolved: ResolvedOptions = {
    landing,
    archive: resolve(options.archive ?? join(dirname(landing), 'archive')),
    quarantine: resolve(options.quarantine ?? join(dirname(landing), 'quarantine')),
    settleMs,
    finishMs: Math.max(settleMs, positive('finishMs', options.finishMs ?? FILE_SOURCE_DEFAULTS.finishMs)),
    sourceName: options.sourceName ?? `landing-${createHash('sha256').update(landing).digest('hex').slice(0, 12)}`,
    partitions: positive('partitions', options.partitions ?? FILE_SOURCE_DEFAULTS.partitions),
    batchRows: positive('batchRows', options.batchRows ?? FILE_SOURCE_DEFAULTS.batchRows),
  };
  await Promise.all([mkdir(resolved.archive, { recursive: true }), mkdir(resolved.quarantine, { recursive: true })]);
  return resolved;
}

/** The landing folder's real path; a FileSourceError naming it when it is missing or not a folder. */
export async function landingFolder(path: string): Promise<string> {
  const absolute = resolve(path);
  const stats = await statOrUndefined(absolute);
  if (stats === undefined) {
    throw new FileSourceError('landing-missing', `the landing folder ${absolute} does not exist`, `create it (mkdir -p ${absolute}) or pass --landing with the folder files are dropped into`);
  }
  if (!stats.isDirectory()) {
    throw new FileSourceError('landing-not-a-folder', `the landing path ${absolute} is not a folder`, 'pass --landing with the folder files are dropped into, not a file in it');
  }
  return realpath(absolute);
}

function positive(name: keyof typeof FILE_SOURCE_DEFAULTS, value: number): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new FileSourceError('bad-option', `${name} ${value} is not a whole number above 0`, `pass ${name} as a whole number above 0 (default ${FILE_SOURCE_DEFAULTS[name]})`);
  }
  return value;
}
