import type { KeyValueStore } from './runtime/processor.ts';

/** State a processor derives from its stores and keeps in memory: `applied` counts the records it reflects. */
export interface DerivedModel {
  /** NaN while a record is being applied: a failure half-way forces a rebuild. */
  applied: number;
}

/** Stores with a 'meta' store whose 'applied' counts the records they reflect. */
export interface CountedStores {
  readonly meta: KeyValueStore<number>;
}

/**
 * Keeps a processor's in-memory model (reverse indexes, aggregates) from
 * disagreeing with its stores: the runtime takes store writes back (a refused
 * record, an aborted transaction) without telling the processor. The stores
 * count the records applied in their 'meta' store, and so does the model; when
 * the counts differ, the model is rebuilt from the stores. One model per run's
 * stores, so a processor value run twice (a replay beside the live run) keeps
 * them apart.
 */
export class DerivedModels<S extends CountedStores, M extends DerivedModel> {
  private readonly models = new WeakMap<object, M>();

  constructor(private readonly build: (stores: S) => M) {}

  /** The model of the stores' state, rebuilt when the stores' count of applied records says it may disagree with them. */
  of(stores: S): M {
    const applied = stores.meta.get('applied') ?? 0;
    let model = this.models.get(stores.meta);
    if (model?.applied !== applied) this.models.set(stores.meta, (model = this.build(stores)));
    return model;
  }

  /** Applies one record to the stores and the model (`change`), counting it in both. */
  apply(stores: S, model: M, change: () => void): void {
    const applied = model.applied;
    model.applied = NaN;
    change();
    stores.meta.put('applied', applied + 1);
    model.applied = applied + 1;
  }
}
