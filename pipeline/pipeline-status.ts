import type { Client } from '@confluentinc/schemaregistry';
import type { ConnectorStatus, DeadLetterSample, DeadLetterSummary, LayerCount, PipelineStatus, PipelineStatusProvider } from '../dashboard/pipeline-status.ts';
import type { ProcessorHost } from '../processors/runtime/processor-host.ts';
import type { PipelineSink } from './pipeline-parts.ts';
import { processorNames } from '../processors/runtime/runtime-options.ts';
import { BRONZE_ENTITIES, bronzeContract, type BronzeEntity } from '../schemas/bronze-contracts.ts';
import { GOLD_TABLE_NAMES, layerContracts } from '../schemas/layer-contracts.ts';
import { deadLetterSerde } from '../schemas/record-serde.ts';
import type { StoredRecord, Transport } from '../transport/transport.ts';
import { TopicTally } from './topic-tally.ts';

const SAMPLES = 5;

export interface PipelineStatusSources {
  /** Shown on the Pipeline page, e.g. "embedded (in-process log)". */
  readonly mode: string;
  readonly transport: Transport;
  readonly registry: Client;
  readonly processors: ProcessorHost;
  readonly sink: Pick<PipelineSink, 'snapshot'>;
  /** Kafka Connect's connectors, in stack mode. */
  readonly connectors?: () => Promise<readonly ConnectorStatus[]>;
}

/** The dead letters of an entity's records, newest first, as the Pipeline page shows them (tombstones skipped). */
export async function deadLetterSamples(registry: Client, entity: BronzeEntity, newestFirst: readonly StoredRecord[]): Promise<DeadLetterSample[]> {
  const serde = deadLetterSerde(registry);
  const samples: DeadLetterSample[] = [];
  for (const record of newestFirst) {
    if (record.value === null) continue;
    const d = await serde.deserialize(entity, record.value);
    samples.push({
      stage: d.stage,
      reason: d.reason,
      field: d.field,
      value: d.value,
      sourceUri: d.source_uri,
      sourcePosition: d.source_position,
      raw: Buffer.from(d.raw).toString('utf8'),
      failedAt: d.failed_at,
    });
  }
  return samples;
}

async function deadLetters(sources: PipelineStatusSources, tally: TopicTally, entity: BronzeEntity): Promise<DeadLetterSummary> {
  const topic = bronzeContract(entity).dlqTopic;
  return { entity, topic, count: tally.count(topic), samples: await deadLetterSamples(sources.registry, entity, [...tally.samples(topic)].reverse()) };
}

/** Every layer's topics, bronze to gold, as the Pipeline page lists them; `prefix` as the sources' and processors' topicPrefix. */
export function layerTopics(prefix = ''): { layer: LayerCount['layer']; entity: string; topic: string }[] {
  return [
    ...BRONZE_ENTITIES.map((entity) => ({ layer: 'bronze' as const, entity, topic: `${prefix}${bronzeContract(entity).topic}` })),
    ...layerContracts('silver').map(({ name, topic }) => ({ layer: 'silver' as const, entity: name, topic: `${prefix}${topic}` })),
    ...GOLD_TABLE_NAMES.map((table) => ({ layer: 'gold' as const, entity: table, topic: `${prefix}gold.${table}` })),
  ];
}

/** The Pipeline page's provider: counts and dead letters read from the topics as they grow, lag from the processors, connectors from Connect. */
export function pipelineStatusProvider(sources: PipelineStatusSources): PipelineStatusProvider {
  const topics = layerTopics();
  const layerTally = new TopicTally(sources.transport, topics.map((t) => t.topic), 0);
  const letterTally = new TopicTally(sources.transport, BRONZE_ENTITIES.map((entity) => bronzeContract(entity).dlqTopic), SAMPLES);
  return {
    async status(): Promise<PipelineStatus> {
      await Promise.all([layerTally.update(), letterTally.update()]);
      const sink = sources.sink.snapshot();
      return {
        mode: sources.mode,
        layers: topics.map((t) => ({ ...t, records: layerTally.count(t.topic) })),
        deadLetters: await Promise.all(BRONZE_ENTITIES.map((entity) => deadLetters(sources, letterTally, entity))),
        lag: sources.processors.snapshot().map((p) => ({ processor: p.processor, group: processorNames('', p.processor).groupId, lag: p.lag })),
        connectors: sources.connectors === undefined ? [] : await sources.connectors(),
        parts: [
          ...sources.processors.snapshot().map((p) => ({ part: `processor ${p.processor}`, state: p.state, waitingFor: p.waitingFor })),
          { part: 'warehouse sink', state: sink.status, waitingFor: sink.waitingFor },
        ],
      };
    },
  };
}
