import { enrichedView, sameView, type EnrichedView } from './enriched-sale.ts';
import type { EnrichmentStores } from './enrichment-stores.ts';

/**
 * The enriched sales a batch of silver records touches. A handler touches every
 * sale it may change *before* changing the stores, so the first touch of a sale
 * records it as it was before the batch; `changes` then gives the sales whose
 * enriched value differs now, each once however many of the batch's records
 * touched it — changes that cancel out send nothing.
 */
export class TouchedSales {
  private readonly before = new Map<string, EnrichedView | null>();

  constructor(private readonly stores: EnrichmentStores) {}

  touch(saleIds: Iterable<string> | undefined): void {
    for (const saleId of saleIds ?? []) if (!this.before.has(saleId)) this.before.set(saleId, enrichedView(this.stores, saleId));
  }

  /** The touched sales whose enriched view changed, with the view now (null: the sale is gone). */
  *changes(): Generator<readonly [saleId: string, view: EnrichedView | null]> {
    for (const [saleId, before] of this.before) {
      const after = enrichedView(this.stores, saleId);
      if (!sameView(before, after)) yield [saleId, after];
    }
  }
}
