/**
 * What the Pipeline page shows beside the warehouse's own freshness: the
 * pipeline that runs the dashboard's data. The dashboard cannot see topics,
 * consumer groups or Connect itself, so whoever starts it injects a provider:
 * the embedded pipeline it runs in, or the services it runs beside (stack mode,
 * `medallion dashboard`); without one the page says what is missing.
 */

export const PIPELINE_LAYERS = ['bronze', 'silver', 'gold'] as const;
export type PipelineLayer = (typeof PIPELINE_LAYERS)[number];

/** Kafka Connect's connector and task states (GET /connectors/<name>/status). */
export const CONNECTOR_STATES = ['RUNNING', 'PAUSED', 'STOPPED', 'FAILED', 'UNASSIGNED', 'RESTARTING'] as const;
export type ConnectorState = (typeof CONNECTOR_STATES)[number];

export interface LayerCount {
  readonly layer: PipelineLayer;
  readonly entity: string;
  readonly topic: string;
  /** Committed records read from the topic: every version and tombstone of a key, whatever compaction removed since. */
  readonly records: number;
}

/** One dead letter as its DeadLetter record holds it (schemas/dlq/dead-letter.avsc). */
export interface DeadLetterSample {
  readonly stage: 'source' | 'silver' | 'gold';
  readonly reason: string;
  readonly field: string | null;
  readonly value: string | null;
  readonly sourceUri: string;
  readonly sourcePosition: string;
  /** The raw input as text (shown as is, escaped). */
  readonly raw: string;
  readonly failedAt: Date;
}

export interface DeadLetterSummary {
  readonly entity: string;
  readonly topic: string;
  readonly count: number;
  /** A few of the newest, enough to see the reasons. */
  readonly samples: readonly DeadLetterSample[];
}

export interface ProcessorLag {
  readonly processor: string;
  /** Its consumer group. */
  readonly group: string;
  /** Records on its inputs it has not committed yet, all partitions together. */
  readonly lag: number;
}

export interface ConnectorStatus {
  readonly name: string;
  readonly type: 'source' | 'sink';
  readonly state: ConnectorState;
  readonly tasks: readonly { readonly id: number; readonly state: ConnectorState; readonly trace?: string }[];
}

/** A processor or the sink running in the dashboard's own process, and what it is doing. */
export interface PartState {
  readonly part: string;
  /** e.g. running, idle, waiting, failed. */
  readonly state: string;
  /** While waiting: for which service, where and since when, e.g. "waiting for PostgreSQL at 127.0.0.1:5432 since 18:40:12 UTC: <cause>". */
  readonly waitingFor: string | null;
}

/** The parts of a status, each read from its own service (Kafka; Kafka and the registry; Connect; the pipeline's own parts). */
export const PIPELINE_SECTIONS = ['layers', 'deadLetters', 'lag', 'connectors', 'parts'] as const;
export type PipelineSection = (typeof PIPELINE_SECTIONS)[number];

export interface PipelineStatus {
  /** Where it runs, as shown to the user, e.g. "embedded" or "stack (Kafka 127.0.0.1:29092)". */
  readonly mode: string;
  readonly layers: readonly LayerCount[];
  readonly deadLetters: readonly DeadLetterSummary[];
  readonly lag: readonly ProcessorLag[];
  /** Empty where nothing runs in Kafka Connect (embedded mode). */
  readonly connectors: readonly ConnectorStatus[];
  /** Empty where the parts run in processes of their own (then `unavailable.parts` says where to look). */
  readonly parts: readonly PartState[];
  /** Sections whose service did not answer, each with what failed and the fix (the section's list is then empty). */
  readonly unavailable?: Partial<Record<PipelineSection, string>>;
  /** How a section's figures were read, where that is worth saying (e.g. counts from offsets). */
  readonly notes?: Partial<Record<PipelineSection, string>>;
}

/** Asked once per Pipeline page refresh; it should answer within a few seconds. */
export interface PipelineStatusProvider {
  status(): Promise<PipelineStatus>;
}
