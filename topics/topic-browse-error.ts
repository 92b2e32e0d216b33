import { MedallionError } from '../core/medallion-error.ts';

export const TOPIC_BROWSE_ERROR_CODES = [
  /** The topic does not exist. */
  'unknown-topic',
  /** A parameter is malformed or does not go with the others (an offset without a partition, a key that does not fit the key schema). */
  'bad-query',
  /** The topics cannot be read: Kafka does not answer. */
  'unreachable',
] as const;
export type TopicBrowseErrorCode = (typeof TOPIC_BROWSE_ERROR_CODES)[number];

/** A Topics page request that cannot be answered: names the value, what exists and what to ask instead. */
export class TopicBrowseError extends MedallionError<TopicBrowseErrorCode> {
  readonly domain = 'topics';
}
