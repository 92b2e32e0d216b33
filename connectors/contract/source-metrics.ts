import type { BronzeEntity } from '../../schemas/bronze-contracts.ts';

export interface RowCounts {
  readonly rowsRead: number;
  readonly produced: number;
  readonly deadLettered: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export const zeroCounts = (): Mutable<RowCounts> => ({ rowsRead: 0, produced: 0, deadLettered: 0 });

export function addCounts(target: Mutable<RowCounts>, counts: RowCounts): void {
  target.rowsRead += counts.rowsRead;
  target.produced += counts.produced;
  target.deadLettered += counts.deadLettered;
}

/** The events every polling source (blob, carts) reports alike; each source's event union includes them. */
export type PollEvent =
  | ({ readonly kind: 'batch-committed'; readonly entity: BronzeEntity } & RowCounts)
  /** A poll failed (the service unreachable, refusing, or answering nonsense): `cause` says why; it is retried. */
  | { readonly kind: 'poll-failed'; readonly cause: string; readonly error: Error; readonly attempt: number; readonly retryInMs: number }
  | { readonly kind: 'poll-recovered'; readonly failures: number }
  | { readonly kind: 'stopped' };

export const SOURCE_STATES = ['running', 'retrying', 'stopped'] as const;
export type SourceState = (typeof SOURCE_STATES)[number];

export interface SourceStatus {
  readonly state: SourceState;
  /** While retrying: why the last poll failed, how many in a row did, and the wait before the next. */
  readonly cause: string | null;
  readonly failures: number;
  readonly retryInMs: number | null;
}

export interface SourceSnapshot<E extends BronzeEntity> {
  readonly status: SourceStatus;
  readonly totals: RowCounts;
  readonly entities: Readonly<Record<E, RowCounts>>;
}

/** A source's status and its rows read, produced and dead-lettered per entity since start: a fold over its events. */
export class SourceMetrics<E extends BronzeEntity> {
  private status: SourceStatus = { state: 'running', cause: null, failures: 0, retryInMs: null };
  private readonly totals = zeroCounts();
  private readonly entities: Record<E, Mutable<RowCounts>>;

  constructor(private readonly entityList: readonly E[]) {
    this.entities = Object.fromEntries(entityList.map((e) => [e, zeroCounts()])) as Record<E, Mutable<RowCounts>>;
  }

  readonly record = (event: PollEvent | { readonly kind: string }): void => {
    const e = event as PollEvent;
    switch (e.kind) {
      case 'batch-committed':
        addCounts(this.totals, e);
        if (e.entity in this.entities) addCounts(this.entities[e.entity as E], e);
        break;
      case 'poll-failed':
        this.status = { state: 'retrying', cause: e.cause, failures: e.attempt, retryInMs: e.retryInMs };
        break;
      case 'poll-recovered':
        this.status = { state: 'running', cause: null, failures: 0, retryInMs: null };
        break;
      case 'stopped':
        this.status = { ...this.status, state: 'stopped', retryInMs: null };
        break;
      default:
        break;
    }
  };

  snapshot(): SourceSnapshot<E> {
    return {
      status: this.status,
      totals: { ...this.totals },
      entities: Object.fromEntries(this.entityList.map((e) => [e, { ...this.entities[e] }])) as Record<E, RowCounts>,
    };
  }
}
