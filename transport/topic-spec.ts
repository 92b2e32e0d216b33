import { TransportError } from './transport-error.ts';
import type { TopicSpec } from './transport.ts';

// Kafka's rule for topic names, so a name the in-process log accepts works on a broker too.
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

/** Throws unless Kafka would accept the spec; both transports check specs here first. */
export function checkTopicSpec(spec: TopicSpec): void {
  if (!TOPIC_NAME.test(spec.name)) {
    throw new TransportError('invalid-request', `topic name ${JSON.stringify(spec.name)} is not valid: Kafka allows 1 to 249 of a-z A-Z 0-9 . _ -`, 'rename the topic');
  }
  if (!Number.isInteger(spec.partitions) || spec.partitions < 1) {
    throw new TransportError('invalid-request', `topic ${spec.name}: partitions=${spec.partitions} is not a whole number of at least 1`, 'give the topic 1 or more partitions');
  }
}
