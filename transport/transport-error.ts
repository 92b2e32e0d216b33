import type { UnreachableService } from '../core/outage.ts';
import { MedallionError } from '../core/medallion-error.ts';
import type { PartitionBounds, PartitionOffset } from './transport.ts';

export const TRANSPORT_ERROR_CODES = [
  /** The topic does not exist (ensureTopics creates it). */
  'unknown-topic',
  /** A topic spec or an outgoing record breaks a rule of the log. */
  'invalid-request',
  /** A newer producer with the same transactional id took over. */
  'fenced',
  /** transaction() was called while another one of the same producer was open. */
  'transaction-in-progress',
  /** The producer or transport was closed. */
  'closed',
  /** @confluentinc/kafka-javascript is not installed or its native part is not built. */
  'kafka-client-missing',
  /** The in-process log's folder cannot be written (not writable, disk full) or read back. */
  'log-storage',
  /** The Kafka client or broker refused an operation. */
  'kafka-failed',
  /** The brokers will not let this client in (its login, its protocol, their certificate): no wait cures it. */
  'refused',
  /** Kafka cannot be reached for now (down, restarting, electing a leader or coordinator): waiting cures it. */
  'unavailable',
] as const;
export type TransportErrorCode = (typeof TRANSPORT_ERROR_CODES)[number];

/** A transport failure: names the topic or transactional id, the rule broken and the fix. */
export class TransportError extends MedallionError<TransportErrorCode> {
  readonly domain = 'transport';
  /** Where the transport looks for its brokers (host:port list), when it has any. */
  at?: string;
}

/** The brokers did not answer `doing` for now; the caller waits for them (isUnavailable) instead of giving up. */
export function unavailable(doing: string, bootstrapServers: string, reason: string, options?: ErrorOptions): TransportError {
  const error = new TransportError(
    'unavailable',
    `${doing} failed: Kafka at ${bootstrapServers} did not answer (${reason})`,
    `nothing while Kafka restarts: the process waits for it and resumes; otherwise start it (medallion stack status) or check MEDALLION_KAFKA_BOOTSTRAP_SERVERS`,
    options,
  );
  error.at = bootstrapServers;
  return error;
}

/** Whether `error` is an outage of the brokers, which a wait cures (every other transport failure is not). */
export function isUnavailable(error: unknown): error is TransportError {
  return error instanceof TransportError && error.code === 'unavailable';
}

/** Kafka and where it is, when `error` is its outage (for waitOut). */
export const unreachableKafka: UnreachableService = (error) => (isUnavailable(error) ? { service: 'Kafka', at: error.at ?? 'its bootstrap servers' } : undefined);

// The producer rules both transports keep, with one wording.

export function producerClosed(transactionalId: string): TransportError {
  return new TransportError('closed', `producer "${transactionalId}" is closed`, 'open a new producer with transport.producer(id)');
}

export function transactionInProgress(transactionalId: string): TransportError {
  return new TransportError(
    'transaction-in-progress',
    `producer "${transactionalId}" already has an open transaction; a producer runs one transaction at a time`,
    'await the previous transaction() before starting the next, or use another producer with its own transactional id',
  );
}

export function transactionEnded(transactionalId: string): TransportError {
  return new TransportError('closed', `a transaction of producer "${transactionalId}" was used after it ended`, 'send only from inside the work function, before it returns');
}

export function fenced(transactionalId: string, options?: ErrorOptions): TransportError {
  return new TransportError(
    'fenced',
    `producer "${transactionalId}" was fenced: a newer producer opened with the same transactional id, so this one may no longer write`,
    'close this producer; only the newest producer of a transactional id writes (run one instance per id)',
    options,
  );
}

export function consumerFenced(groupId: string): TransportError {
  return new TransportError(
    'fenced',
    `a consumer of group "${groupId}" was fenced: a newer consumer joined the group and took its partitions, so this one may no longer read or commit`,
    'close this consumer; run one consumer per group (one instance of each processor)',
  );
}

export function consumerClosed(groupId: string): TransportError {
  return new TransportError('closed', `a consumer of group "${groupId}" is closed`, 'open a new consumer with transport.consumer(options)');
}

export function transportClosed(kind: string): TransportError {
  return new TransportError('closed', `the ${kind} transport is closed`, 'open a new transport with openTransport()');
}

/** A page asked for at an offset the partition does not hold. */
export function offsetOutOfRange(from: PartitionOffset, bounds: PartitionBounds): TransportError {
  const held = bounds.end > bounds.start ? `it holds offsets ${bounds.start} to ${bounds.end - 1n}` : `it holds no records (its end is ${bounds.end})`;
  return new TransportError('invalid-request', `offset ${from.offset} is out of range for topic ${from.topic} partition ${from.partition}: ${held}`, `ask for an offset from ${bounds.start} to ${bounds.end}`);
}

export function unknownPartition(topic: string, partition: number, count: number): TransportError {
  return new TransportError('invalid-request', `topic ${topic} has no partition ${partition}`, `use partitions 0 to ${count - 1}`);
}
