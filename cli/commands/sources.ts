import { BlobSource } from '../../connectors/blob-source/blob-source.ts';
import type { BlobSourceEvent } from '../../connectors/blob-source/blob-source-events.ts';
import { CartsSource } from '../../connectors/carts-source/carts-source.ts';
import type { CartsSourceEvent } from '../../connectors/carts-source/carts-source-events.ts';
import type { SourceSnapshot } from '../../connectors/contract/source-metrics.ts';
import { sourceSerde } from '../../connectors/contract/source-serde.ts';
import { resolveConnections } from '../../config/connections.ts';
import type { BronzeEntity } from '../../schemas/bronze-contracts.ts';
import type { Command } from '../command.ts';
import { noPositionals, parseOptions } from '../options.ts';
import { openTransportTarget, startWhenKafkaAnswers } from '../transport-target.ts';
import { UsageError } from '../usage-error.ts';

const STATUS_MS = 10_000;

const usage = `usage: medallion sources run

Runs the polling TypeScript sources on Kafka (MEDALLION_KAFKA_*, MEDALLION_REGISTRY_URL;
default the local stack), each exactly once into bronze.<entity> and dlq.<entity>:

  blob    CSV blobs of customers/ and countries/ in MEDALLION_AZURE_CONTAINER of the
          account MEDALLION_AZURE_CONNECTION_STRING (default: the local Azurite)
  carts   the carts REST API at MEDALLION_CARTS_API_URL (runs when it is set), paged
          with limit/skip, new carts only after the first full read

Prints what happens and a status line per source every ${STATUS_MS / 1000} s; Ctrl-C or SIGTERM
stops them after the transaction in hand. The CSV folder has its own command,
medallion file-source, and MariaDB is read by Debezium in Kafka Connect
(medallion connectors apply).`;

const count = (n: number): string => n.toLocaleString('en-US');

function statusLine(name: string, snapshot: Pick<SourceSnapshot<BronzeEntity>, 'status' | 'totals'>): string {
  const { status, totals } = snapshot;
  const state = status.state === 'retrying' ? `retrying (${status.failures} failed: ${status.cause})` : status.state;
  return `${name.padEnd(6)} ${state}: read ${count(totals.rowsRead)}, to bronze ${count(totals.produced)}, dead-lettered ${count(totals.deadLettered)}`;
}

function describe(name: string, event: BlobSourceEvent | CartsSourceEvent): string | undefined {
  switch (event.kind) {
    case 'started':
      return `▶ ${name} started on ${event.transport}: ${event.url}`;
    case 'poll-failed':
      return `⚠ ${name}: ${event.cause} (retrying in ${(event.retryInMs / 1000).toFixed(1)}s)`;
    case 'poll-recovered':
      return `✔ ${name} recovered after ${event.failures} failed polls`;
    case 'blob-ingested':
      return `✔ ${name}: ${event.name} (${event.entity}, etag ${event.etag})`;
    case 'page-dead-lettered':
      return `✘ ${name}: ${event.url}: ${event.detail} → dlq.carts`;
    default:
      return undefined;
  }
}

export const sourcesCommand: Command = {
  name: 'sources',
  summary: 'run the Azure Blob and carts REST API sources on Kafka (what a sources container runs)',
  usage,
  async run(args) {
    const { positionals } = parseOptions(args, {}, usage);
    const [action, ...rest] = positionals;
    if (action !== 'run') throw new UsageError('bad-option', `sources needs run (got ${action === undefined ? 'nothing' : JSON.stringify(action)}).`, `see the usage:\n${usage}`);
    noPositionals('sources run', rest, usage);
    const connections = resolveConnections();
    const { transport, registry } = await openTransportTarget();
    const serde = sourceSerde(registry);
    const print = (name: string) => (event: BlobSourceEvent | CartsSourceEvent) => {
      const line = describe(name, event);
      if (line !== undefined) console.log(line);
    };
    const sources: { name: string; source: BlobSource | CartsSource }[] = [];
    try {
      const { connectionString, container } = connections.azure;
      sources.push({ name: 'blob', source: await startWhenKafkaAnswers(() => BlobSource.start({ connectionString, container, transport, serde, onEvent: print('blob') })) });
      if (connections.cartsApiUrl === undefined) console.log('· carts: MEDALLION_CARTS_API_URL is not set, so the carts source does not run');
      else {
        const url = connections.cartsApiUrl;
        sources.push({ name: 'carts', source: await startWhenKafkaAnswers(() => CartsSource.start({ url, transport, serde, onEvent: print('carts') })) });
      }
      const ticker = setInterval(() => sources.forEach(({ name, source }) => console.log(statusLine(name, source.snapshot()))), STATUS_MS);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      clearInterval(ticker);
      return 0;
    } finally {
      await Promise.all(sources.map(({ source }) => source.stop()));
      await transport.close();
    }
  },
};
