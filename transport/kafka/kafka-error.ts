import type { LibrdKafkaError } from '@confluentinc/kafka-javascript';
import { fenced, TransportError } from '../transport-error.ts';

// librdkafka error codes this transport acts on (src/rdkafka.h, rd_kafka_resp_err_t).
export const KAFKA_CODES = {
  queueFull: -184,
  fenced: -144,
  unknownTopic: -188,
  unknownTopicOrPartition: 3,
  topicAlreadyExists: 36,
  invalidProducerEpoch: 47,
  producerFenced: 90,
} as const;

const FENCED_CODES: readonly number[] = [KAFKA_CODES.fenced, KAFKA_CODES.invalidProducerEpoch, KAFKA_CODES.producerFenced];

// Codes that mean the brokers cannot be reached or will not let this client in.
const UNREACHABLE_CODES: readonly number[] = [
  -195 /* transport */, -193 /* resolve */, -192 /* message timed out */, -187 /* all brokers down */, -185 /* timed out */, -181 /* ssl */, -169 /* authentication */, 58 /* sasl authentication failed */,
];

// Codes that mean a record broke a rule of its topic or broker.
const BAD_RECORD_FIXES: Readonly<Record<number, string>> = {
  87: 'the broker refused a record (on a compacted topic every record needs a key); fix the record',
  10: 'a record is larger than the broker accepts (message.max.bytes); send smaller records',
  29: 'this client may not write the topic; grant it access, or check MEDALLION_KAFKA_SASL_USERNAME',
};

export function isLibrdKafkaError(error: unknown): error is LibrdKafkaError {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'number' && typeof (error as { message?: unknown }).message === 'string';
}

/** Whether a producer that met `error` can never write again (fenced, or another fatal error). */
export function isFatal(error: unknown): boolean {
  return isLibrdKafkaError(error) && (error.isFatal === true || FENCED_CODES.includes(error.code));
}

/**
 * A TransportError for a failed Kafka operation: what was being done, librdkafka's
 * own words and code, and the fix. A TransportError passes through unchanged.
 */
export function kafkaError(doing: string, error: unknown, bootstrapServers: string, transactionalId?: string): TransportError {
  if (error instanceof TransportError) return error;
  const reachable = `check that Kafka at ${bootstrapServers} is up and reachable (medallion stack status; MEDALLION_KAFKA_BOOTSTRAP_SERVERS and the MEDALLION_KAFKA_* security settings)`;
  if (!isLibrdKafkaError(error)) return new TransportError('kafka-failed', `${doing} failed: ${(error as Error).message ?? String(error)}`, reachable, { cause: error });
  if (transactionalId !== undefined && FENCED_CODES.includes(error.code)) return fenced(transactionalId, { cause: error });
  if (error.code === KAFKA_CODES.unknownTopicOrPartition || error.code === KAFKA_CODES.unknownTopic) {
    return new TransportError('unknown-topic', `${doing} failed: the topic does not exist (${error.message})`, 'create it first with transport.ensureTopics([{ name, partitions }])', { cause: error });
  }
  const fix = BAD_RECORD_FIXES[error.code] ?? (UNREACHABLE_CODES.includes(error.code) ? reachable : `see librdkafka's reason above, and the broker's log (medallion stack status shows where it is)`);
  return new TransportError('kafka-failed', `${doing} failed: ${error.message} (librdkafka code ${error.code})`, fix, { cause: error });
}
