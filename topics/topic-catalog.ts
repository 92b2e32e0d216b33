import type { Client } from '@confluentinc/schemaregistry';
import { CDC_TOPIC_PREFIX } from '../processors/mysql-cdc/cdc-topics.ts';
import { mysqlCdcProcessors } from '../processors/mysql-cdc/mysql-cdc-processor.ts';
import type { TopicLayer, TopicSummary } from '../dashboard/topic-browser.ts';
import { PIPELINE_PARTITIONS } from '../pipeline/pipeline-parts.ts';
import { pipelineTopicNames } from '../pipeline/pipeline-topics.ts';
import { pipelineProcessors } from '../processors/pipeline-processors.ts';
import { processorTopics } from '../processors/runtime/processor-runtime.ts';
import { processorNames } from '../processors/runtime/runtime-options.ts';

export interface TopicCatalogOptions {
  readonly registry: Client;
  /** As the sources' and processors' topicPrefix (side-by-side runs, tests); default none. */
  readonly topicPrefix?: string;
  /** As the processors' runtime namespace; default none. */
  readonly namespace?: string;
  /** The operational database Debezium captures (its change topics are read by the CDC adapters). */
  readonly cdcDatabase?: string;
}

/** What the pipeline knows of a topic by its name: its layer, its cleanup policy and the groups that read it. */
export interface TopicCatalog {
  /** The topic's name without the pipeline's prefix, as its contract names it; undefined for a topic outside the pipeline's prefix. */
  contractName(topic: string): string | undefined;
  layerOf(topic: string): TopicLayer;
  cleanupPolicyOf(topic: string): TopicSummary['cleanupPolicy'];
  /** The processors' consumer groups that read the topic. */
  groupsOf(topic: string): readonly string[];
}

/**
 * The pipeline's own topic catalog, from the same lists its sources and
 * processors create topics from (never a pattern over what exists): compacted
 * are the state changelogs and the sources' checkpoints, everything else the
 * pipeline creates deletes by age.
 */
export function topicCatalog(options: TopicCatalogOptions): TopicCatalog {
  const prefix = options.topicPrefix ?? '';
  const namespace = options.namespace ?? '';
  const processors = [
    ...pipelineProcessors({ registry: options.registry, partitions: PIPELINE_PARTITIONS, topicPrefix: prefix }),
    ...mysqlCdcProcessors({ registry: options.registry, partitions: PIPELINE_PARTITIONS, database: options.cdcDatabase ?? 'operational', topicPrefix: prefix }),
  ];
  const specs = processors.flatMap((p) => processorTopics(p, { namespace, inputPartitions: 1 }));
  const compacted = new Set(specs.filter((s) => s.compacted === true).map((s) => s.name));
  const created = new Set([...specs.map((s) => s.name), ...pipelineTopicNames([]).map((name) => `${prefix}${name}`)]);
  for (const name of created) if (name.startsWith(`${prefix}_medallion.`)) compacted.add(name);
  const readers = new Map<string, string[]>();
  for (const p of processors) for (const input of p.inputs) readers.set(input, [...(readers.get(input) ?? []), processorNames(namespace, p.name).groupId]);
  const isChangelog = (topic: string): boolean => topic.startsWith(`medallion.${namespace}`) && topic.endsWith('.changelog');

  const contractName = (topic: string): string | undefined => {
    if (topic.startsWith(`${CDC_TOPIC_PREFIX}.`) || isChangelog(topic)) return topic;
    return topic.startsWith(prefix) ? topic.slice(prefix.length) : undefined;
  };
  return {
    contractName,
    layerOf(topic) {
      if (isChangelog(topic)) return 'state';
      const name = contractName(topic) ?? '';
      if (name.startsWith(`${CDC_TOPIC_PREFIX}.`)) return 'landing';
      const layer = /^(bronze|silver|gold|dlq)\./.exec(name)?.[1] as TopicLayer | undefined;
      if (layer !== undefined) return layer;
      return name.startsWith('_medallion.') ? 'checkpoints' : 'other';
    },
    cleanupPolicyOf(topic) {
      if (compacted.has(topic)) return 'compact';
      return created.has(topic) ? 'delete' : null;
    },
    groupsOf: (topic) => readers.get(topic) ?? [],
  };
}
