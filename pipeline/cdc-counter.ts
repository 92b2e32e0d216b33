import type { RowCounts } from '../connectors/contract/source-metrics.ts';
import type { CdcTable } from '../processors/mysql-cdc/cdc-topics.ts';
import type { ProcessorHost } from '../processors/runtime/processor-host.ts';
import type { BronzeEntity } from '../schemas/bronze-contracts.ts';
import type { BronzeCounter } from './pipeline-parts.ts';

/**
 * Stack mode's MySQL source counted as the others are: each captured table's
 * change events the adapter has read, the bronze records it produced and those
 * it dead-lettered, as its processor's committed counts say.
 */
export function cdcCounter(host: ProcessorHost, adapters: ReadonlyMap<CdcTable, string>): BronzeCounter {
  return {
    snapshot() {
      const snapshots = host.snapshot();
      const entities: Partial<Record<BronzeEntity, RowCounts>> = {};
      for (const [table, processor] of adapters) {
        const s = snapshots.find((p) => p.processor === processor);
        if (s !== undefined) entities[table] = { rowsRead: s.recordsIn, produced: s.recordsOut, deadLettered: s.deadLettered };
      }
      return { entities };
    },
  };
}
