import type { Connections } from '../config/connections.ts';
import { ConnectClient } from '../connect-config/connect-client.ts';
import { probeEndpoint } from '../connect-config/endpoint-probe.ts';
import { placeholderValues } from '../connect-config/placeholders.ts';
import { mysqlCdcProcessors } from '../processors/mysql-cdc/mysql-cdc-processor.ts';
import type { DeadLetterSummary, PipelineSection, PipelineStatus, PipelineStatusProvider, ProcessorLag } from '../dashboard/pipeline-status.ts';
import { pipelineProcessors } from '../processors/pipeline-processors.ts';
import type { Processor } from '../processors/runtime/processor.ts';
import { processorNames } from '../processors/runtime/runtime-options.ts';
import { BRONZE_ENTITIES, bronzeContract } from '../schemas/bronze-contracts.ts';
import { registryClient } from '../schemas/registry-client.ts';
import { openTransport } from '../transport/open-transport.ts';
import { partitionKey, type PartitionBounds, type Transport } from '../transport/transport.ts';
import { connectorStates } from './connector-states.ts';
import { PIPELINE_PARTITIONS } from './pipeline-parts.ts';
import { deadLetterSamples, layerTopics } from './pipeline-status.ts';
import { TopicTally } from './topic-tally.ts';

const SAMPLES = 5;
/** Beside the stack the processes are the user's own: they say what they do, and what they wait for, where they run. */
const PARTS_ELSEWHERE =
  'The processors and the sink run in processes of their own here: each prints its state, and what it waits for when Kafka, the registry or PostgreSQL does not answer, in its status lines (medallion processors run, medallion warehouse sink) and its events.';
/** How long the brokers get to accept a connection before the page says Kafka does not answer. */
const PROBE_MS = 2000;

export interface ServicesStatusOptions {
  readonly connections: Connections;
  /** Prepended to the pipeline's topics, as the sources' and processors' topicPrefix (side-by-side runs, tests). Default none. */
  readonly topicPrefix?: string;
  /** Prepended to the processors' consumer groups, as the runtime's namespace. Default none. */
  readonly namespace?: string;
}

export interface ServicesStatusProvider extends PipelineStatusProvider {
  close(): Promise<void>;
}

interface Reading {
  readonly layers: PipelineStatus['layers'];
  readonly deadLetters: readonly DeadLetterSummary[];
  readonly lag: readonly ProcessorLag[];
}

/**
 * The Pipeline page of a dashboard that runs on its own beside the services
 * (`medallion dashboard` against the stack, the compose dashboard container):
 * everything is asked of Kafka, the registry and Connect directly, cheaply.
 * Records per topic come from its partitions' offsets (no record read); dead
 * letters are counted and sampled as the embedded page does (TopicTally: each
 * queue read once, then only what is new); lag is each processor group's
 * committed positions against its inputs' ends. A service that does not answer leaves its sections empty with
 * what failed and the fix; the others still show.
 */
export function servicesStatusProvider(options: ServicesStatusOptions): ServicesStatusProvider {
  const { connections } = options;
  const prefix = options.topicPrefix ?? '';
  const registry = registryClient(connections.registry);
  const connect = new ConnectClient(connections.connectUrl, 10_000);
  const processors = [...pipelineProcessors({ registry, partitions: PIPELINE_PARTITIONS, topicPrefix: prefix }), ...mysqlCdcProcessors({ registry, partitions: PIPELINE_PARTITIONS, database: placeholderValues(connections)['mysql.database'], topicPrefix: prefix })];
  let transport: Promise<Transport> | undefined;
  // Dead-letter queues are small: counted exactly, record by record, by a tally of the queues that exist (a new one when more appear).
  let letterTally: { topics: string; tally: TopicTally } | undefined;
  const tallyOf = async (kafka: Transport, topics: readonly string[]): Promise<TopicTally> => {
    if (letterTally?.topics !== topics.join()) {
      await letterTally?.tally.close();
      letterTally = { topics: topics.join(), tally: new TopicTally(kafka, topics, SAMPLES) };
    }
    return letterTally.tally;
  };

  const readKafka = async (): Promise<Reading> => {
    const down = await kafkaDown(connections.kafka.bootstrapServers, 'records per layer, dead letters and lag are read from it');
    if (down !== undefined) throw new Error(down);
    transport ??= openTransport({ kind: 'kafka', kafka: connections.kafka }).catch((error: unknown) => {
      transport = undefined;
      throw error;
    });
    const kafka = await transport;
    const existing = new Set(await kafka.topicNames());
    const layers = layerTopics(prefix);
    const letters = BRONZE_ENTITIES.map((entity) => ({ entity, topic: `${prefix}${bronzeContract(entity).dlqTopic}` }));
    const wanted = [...new Set([...layers.map((t) => t.topic), ...processors.flatMap((p) => p.inputs)])].filter((t) => existing.has(t));
    const bounds = wanted.length === 0 ? [] : await kafka.partitionBounds(wanted);
    const span = (topic: string): number => bounds.filter((b) => b.topic === topic).reduce((sum, b) => sum + Number(b.end - b.start), 0);
    const queues = letters.map((l) => l.topic).filter((t) => existing.has(t));
    const tally = queues.length === 0 ? undefined : await tallyOf(kafka, queues);
    await tally?.update();
    return {
      layers: layers.map((t) => ({ ...t, records: span(t.topic) })),
      deadLetters: await Promise.all(
        letters.map(async ({ entity, topic }) => ({ entity, topic, count: tally?.count(topic) ?? 0, samples: await deadLetterSamples(registry, entity, [...(tally?.samples(topic) ?? [])].reverse()) })),
      ),
      lag: await Promise.all(processors.map((p) => processorLag(kafka, p, options.namespace ?? '', bounds, existing))),
    };
  };

  return {
    async status(): Promise<PipelineStatus> {
      const [kafka, connectors] = await Promise.allSettled([readKafka(), connect.connectors().then((names) => connectorStates(connect, names))]);
      const unavailable: Partial<Record<PipelineSection, string>> = {};
      if (kafka.status === 'rejected') for (const section of ['layers', 'deadLetters', 'lag'] as const) unavailable[section] = messageOf(kafka.reason);
      if (connectors.status === 'rejected') unavailable.connectors = messageOf(connectors.reason);
      return {
        mode: `stack (Kafka ${connections.kafka.bootstrapServers}, Connect ${connections.connectUrl})`,
        layers: kafka.status === 'fulfilled' ? kafka.value.layers : [],
        deadLetters: kafka.status === 'fulfilled' ? kafka.value.deadLetters : [],
        lag: kafka.status === 'fulfilled' ? kafka.value.lag : [],
        connectors: connectors.status === 'fulfilled' ? connectors.value : [],
        parts: [],
        unavailable: { ...unavailable, parts: PARTS_ELSEWHERE },
        notes: {
          layers: "Records from the partitions' offsets (a transaction's commit marker takes an offset too), read without reading the topics.",
          lag: "Each processor's consumer group: its committed positions against its inputs' ends, whether or not it runs now.",
        },
      };
    },
    async close() {
      await letterTally?.tally.close();
      letterTally = undefined;
      const opened = transport;
      transport = undefined;
      await opened?.then((t) => t.close()).catch(() => {});
    },
  };
}

/** Why Kafka cannot be asked, when no bootstrap server accepts a connection (librdkafka would retry for a long while instead); `needed` says what is read from it. */
export async function kafkaDown(bootstrapServers: string, needed: string): Promise<string | undefined> {
  const servers = bootstrapServers.split(',').map((s) => s.trim());
  const answers = await Promise.all(
    servers.map((server) => {
      const at = server.lastIndexOf(':');
      return probeEndpoint({ what: 'Kafka', host: server.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(server.slice(at + 1)) }, PROBE_MS);
    }),
  );
  if (answers.some((answer) => answer === null)) return undefined;
  return `Kafka at ${bootstrapServers} does not answer (${answers.join(', ')}): ${needed}.\n  fix: start it (medallion stack up), or point MEDALLION_KAFKA_BOOTSTRAP_SERVERS at your brokers`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function processorLag(kafka: Transport, processor: Processor, namespace: string, bounds: readonly PartitionBounds[], existing: ReadonlySet<string>): Promise<ProcessorLag> {
  const group = processorNames(namespace, processor.name).groupId;
  const inputs = processor.inputs.filter((t) => existing.has(t));
  const committed = new Map((inputs.length === 0 ? [] : await kafka.committedOffsets(group, inputs)).map((p) => [partitionKey(p), p.offset]));
  // A partition the group never committed is read from its start.
  const lag = bounds.filter((b) => inputs.includes(b.topic)).reduce((sum, b) => sum + Number(b.end - (committed.get(partitionKey(b)) ?? b.start)), 0);
  return { processor: processor.name, group, lag };
}
