import type { LibrdKafkaError } from '@confluentinc/kafka-javascript';
import { fenced, TransportError, unavailable } from '../transport-error.ts';
import type { RefusalWatch } from './kafka-refusal.ts';

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

// Codes that mean the brokers cannot be reached for now (down, restarting, moving a leader or coordinator): a wait cures them.
const TRANSIENT_CODES: readonly number[] = [
  -195 /* transport */, -193 /* resolve */, -192 /* message timed out */, -187 /* all brokers down */, -185 /* timed out */, -180 /* wait for coordinator */,
  5 /* leader not available */, 6 /* not leader or follower */, 7 /* request timed out */, 13 /* network exception */, 14 /* coordinator load in progress */,
  15 /* coordinator not available */, 16 /* not coordinator */, 19 /* not enough replicas */, 20 /* not enough replicas after append */, 51 /* concurrent transactions */,
];
// Codes that mean the brokers will not let this client in: no wait cures them.
const REFUSED_CODES: readonly number[] = [-181 /* ssl */, -169 /* authentication */, 58 /* sasl authentication failed */];

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
 * The one place that tells librdkafka's failures apart: transient ones (the
 * brokers down or busy for now) are waited out; fatal ones (fenced, refused
 * credentials, librdkafka's own fatal errors) and every other one end the work.
 */
export function isTransient(error: unknown): boolean {
  if (!isLibrdKafkaError(error) || isFatal(error) || REFUSED_CODES.includes(error.code)) return false;
  return TRANSIENT_CODES.includes(error.code) || error.isRetriable === true;
}

/**
 * A TransportError for a failed Kafka operation: what was being done, librdkafka's
 * own words and code, and the fix. A TransportError passes through unchanged. A
 * request that timed out while the client was being refused (`client` saw it) is
 * that refusal, which no wait cures, not an outage.
 */
export function kafkaError(doing: string, error: unknown, client: RefusalWatch, transactionalId?: string): TransportError {
  if (error instanceof TransportError) return error;
  const { bootstrapServers } = client.kafka;
  const refusal = client.current;
  if (refusal !== undefined && (!isLibrdKafkaError(error) || isTransient(error) || REFUSED_CODES.includes(error.code))) {
    const refused = new TransportError('refused', `${doing} failed: Kafka at ${bootstrapServers} refused this client: ${refusal.cause}`, refusal.fix, { cause: error });
    refused.at = bootstrapServers;
    return refused;
  }
  const reachable = `check that Kafka at ${bootstrapServers} is up and lets this client in (medallion stack status; MEDALLION_KAFKA_BOOTSTRAP_SERVERS and the MEDALLION_KAFKA_* security settings)`;
  if (!isLibrdKafkaError(error)) return new TransportError('kafka-failed', `${doing} failed: ${(error as Error).message ?? String(error)}`, reachable, { cause: error });
  if (transactionalId !== undefined && FENCED_CODES.includes(error.code)) return fenced(transactionalId, { cause: error });
  if (error.code === KAFKA_CODES.unknownTopicOrPartition || error.code === KAFKA_CODES.unknownTopic) {
    return new TransportError('unknown-topic', `${doing} failed: the topic does not exist (${error.message})`, 'create it first with transport.ensureTopics([{ name, partitions }])', { cause: error });
  }
  if (isTransient(error)) return unavailable(doing, bootstrapServers, `${error.message}, librdkafka code ${error.code}`, { cause: error });
  const fix = BAD_RECORD_FIXES[error.code] ?? (REFUSED_CODES.includes(error.code) ? reachable : `see librdkafka's reason above, and the broker's log (medallion stack status shows where it is)`);
  return new TransportError('kafka-failed', `${doing} failed: ${error.message} (librdkafka code ${error.code})`, fix, { cause: error });
}
