/**
 * What the Topics page shows: the pipeline's topics by layer and a page of
 * records of one, decoded. The dashboard cannot read topics itself, so whoever
 * starts it injects a browser (topics/topic-browser.ts over the embedded log or
 * Kafka), as with the pipeline status; read-only, nothing is ever written.
 */

/** How the Topics page groups topics: by what the pipeline writes to them. */
export const TOPIC_LAYERS = ['landing', 'bronze', 'silver', 'gold', 'dlq', 'state', 'checkpoints', 'other'] as const;
export type TopicLayer = (typeof TOPIC_LAYERS)[number];

export interface TopicPartitionSummary {
  readonly partition: number;
  /** Offsets as decimal text: they are 64-bit. */
  readonly start: string;
  readonly end: string;
}

export interface TopicSummary {
  readonly topic: string;
  readonly layer: TopicLayer;
  readonly partitions: readonly TopicPartitionSummary[];
  /** Offsets held, all partitions together (a transaction's commit marker takes one too). */
  readonly offsets: number;
  /** As the pipeline creates the topic; null for a topic the pipeline does not create (the broker's default applies). */
  readonly cleanupPolicy: 'compact' | 'delete' | null;
  /** The pipeline's consumer groups that read the topic, with what they have not committed yet. */
  readonly groups: readonly { readonly group: string; readonly lag: number }[];
}

export interface TopicListing {
  /** Where it reads, as shown to the user, e.g. "embedded (in-process log)". */
  readonly mode: string;
  readonly topics: readonly TopicSummary[];
}

/** Which records: the newest (default), a partition from an offset on, or the records of a key (newest first). */
export interface RecordQuery {
  readonly topic: string;
  readonly partition?: number;
  readonly offset?: bigint;
  /** As text: a bronze key as it is, a silver or gold key's field value (JSON for a key of several fields). */
  readonly key?: string;
  /** Key search only: look at offsets below this one (the next page of an earlier answer). */
  readonly before?: bigint;
  readonly limit: number;
}

/** A record's key or value as the page shows it. */
export type DecodedPart =
  | { readonly kind: 'avro'; readonly subject: string; readonly schemaId: number; readonly version: number; readonly fields: unknown }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'undecodable'; readonly reason: string; readonly hex: string };

export interface BrowsedRecord {
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: string;
  /** null: no key, or for the value a tombstone. */
  readonly key: DecodedPart | null;
  readonly value: DecodedPart | null;
  readonly headers: Readonly<Record<string, string>>;
  /** Where the record came from: a bronze record's lineage field, or a silver record's origin header. */
  readonly lineage: string | null;
  /** A dead letter's reason and raw input, as written. */
  readonly deadLetter: { readonly reason: string; readonly raw: string } | null;
}

export interface RecordPage {
  readonly topic: string;
  readonly records: readonly BrowsedRecord[];
  /** What was read to answer, e.g. "the newest 20 of each of 3 partitions". */
  readonly read: string;
  /** The query of the next (older) page of a key search, when there are offsets left to look at. */
  readonly next?: { readonly partition: number; readonly before: string };
}

export interface TopicBrowser {
  topics(): Promise<TopicListing>;
  /** A TopicBrowseError naming the value and what exists for an unknown topic, a partition or offset out of range, a key that does not fit. */
  records(query: RecordQuery): Promise<RecordPage>;
}
