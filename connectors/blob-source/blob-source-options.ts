import { createHash } from 'node:crypto';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { BackoffPolicy } from '../../core/backoff.ts';
import { positiveOption } from '../contract/option-checks.ts';
import type { PollingSourceOptions } from '../contract/poll-loop.ts';
import { BlobSourceError } from './blob-source-error.ts';
import type { BlobSourceEvent } from './blob-source-events.ts';

export interface BlobSourceOptions extends PollingSourceOptions<BlobSourceEvent> {
  /** An Azure Storage connection string (config/connections.ts: MEDALLION_AZURE_CONNECTION_STRING; Azurite's by default). */
  readonly connectionString: string;
  readonly container: string;
  /** Rows per transaction. */
  readonly batchRows?: number;
}

export const BLOB_SOURCE_DEFAULTS = { pollMs: 5000, requestTimeoutMs: 30_000, partitions: 3, batchRows: 10_000, backoff: { baseMs: 500, maxMs: 30_000 } } as const;

export interface ResolvedBlobOptions {
  readonly client: ContainerClient;
  readonly pollMs: number;
  readonly requestTimeoutMs: number;
  readonly backoff: BackoffPolicy;
  readonly sourceName: string;
  readonly partitions: number;
  readonly batchRows: number;
}

const refuse = (message: string, fix: string): BlobSourceError => new BlobSourceError('bad-option', message, fix);

export function resolveBlobOptions(options: BlobSourceOptions): ResolvedBlobOptions {
  const d = BLOB_SOURCE_DEFAULTS;
  const requestTimeoutMs = positiveOption('requestTimeoutMs', options.requestTimeoutMs ?? d.requestTimeoutMs, d.requestTimeoutMs, refuse);
  let service: BlobServiceClient;
  try {
    // One try per request: the source's own loop retries, with backoff, and reports each failure.
    service = BlobServiceClient.fromConnectionString(options.connectionString, { retryOptions: { maxTries: 1, tryTimeoutInMs: requestTimeoutMs } });
  } catch (error) {
    throw new BlobSourceError(
      'bad-connection-string',
      `the Azure Storage connection string is not valid (${(error as Error).message})`,
      'set MEDALLION_AZURE_CONNECTION_STRING to the storage account\'s connection string ("DefaultEndpointsProtocol=…;AccountName=…;AccountKey=…;BlobEndpoint=…"), or unset it for the local Azurite',
      { cause: error },
    );
  }
  if (!/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(options.container)) {
    throw refuse(`the container name "${options.container}" is not a valid Azure container name`, 'use 3 to 63 lower-case letters, digits and single hyphens (MEDALLION_AZURE_CONTAINER), e.g. landing');
  }
  const client = service.getContainerClient(options.container);
  return {
    client,
    pollMs: positiveOption('pollMs', options.pollMs ?? d.pollMs, d.pollMs, refuse),
    requestTimeoutMs,
    backoff: options.backoff ?? d.backoff,
    sourceName: options.sourceName ?? `container-${createHash('sha256').update(client.url).digest('hex').slice(0, 12)}`,
    partitions: positiveOption('partitions', options.partitions ?? d.partitions, d.partitions, refuse),
    batchRows: positiveOption('batchRows', options.batchRows ?? d.batchRows, d.batchRows, refuse),
  };
}
