import { entitiesOf, type EntityOf } from '../../catalog/entities.ts';
import { bronzeContract } from '../../schemas/bronze-contracts.ts';
import type { TopicSpec } from '../../transport/transport.ts';

/** The operational tables Debezium captures (the catalog's entities of source kind mysql); each is the bronze entity of the same name. */
export const CDC_TABLES = entitiesOf('mysql');
export type CdcTable = EntityOf<'mysql'>;

/** The connector's topic.prefix (connect-config/mysql-cdc.json): its change events go to cdc.<database>.<table>. */
export const CDC_TOPIC_PREFIX = 'cdc';

/** Where one table's change events are read and its bronze records written. */
export interface CdcTopics {
  /** Debezium's change events of the table: `cdc.<database>.<table>`. */
  readonly changes: string;
  readonly bronze: string;
  readonly deadLetters: string;
}

/** Which connector's change events, and where the bronze records go. */
export interface CdcTopicNames {
  /** The database the connector captures ({{mysql.database}}). */
  readonly database: string;
  /** The connector's topic.prefix; default CDC_TOPIC_PREFIX. Two connectors on one worker need their own. */
  readonly changeTopicPrefix?: string;
  /** Prepended to the bronze and dead-letter topics, so side-by-side runs and tests write their own; default none. */
  readonly topicPrefix?: string;
}

export function cdcTopics(table: CdcTable, names: CdcTopicNames): CdcTopics {
  const contract = bronzeContract(table);
  const bronzePrefix = names.topicPrefix ?? '';
  return {
    changes: `${names.changeTopicPrefix ?? CDC_TOPIC_PREFIX}.${names.database}.${table}`,
    bronze: `${bronzePrefix}${contract.topic}`,
    deadLetters: `${bronzePrefix}${contract.dlqTopic}`,
  };
}

/** The bronze topic as the adapter creates it when missing. */
export function bronzeTopicSpec(topics: CdcTopics, partitions: number): TopicSpec {
  return { name: topics.bronze, partitions };
}

/**
 * The change topics, to create before the adapter starts reading them (Connect
 * creates them too, but only when the first change arrives). One partition each:
 * a change's offset is its source_sequence, so a table's changes keep one order.
 */
export function changeTopicSpecs(names: CdcTopicNames): TopicSpec[] {
  return CDC_TABLES.map((table) => ({ name: cdcTopics(table, names).changes, partitions: 1 }));
}
