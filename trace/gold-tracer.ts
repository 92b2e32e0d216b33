import type { Client } from '@confluentinc/schemaregistry';
import type { TraceProvider } from '../dashboard/trace-provider.ts';
import type { Transport } from '../transport/transport.ts';
import { traceGold } from './trace-gold.ts';
import { warehouseGoldRows } from './warehouse-gold-rows.ts';

/**
 * The dashboard's tracer: traces over the topics `open` gives (opened on the
 * first trace, kept), with the warehouse's row read through a connection of
 * each trace's own, or left out when the warehouse does not answer.
 * `topicPrefix` as the pipeline's (side-by-side runs, tests).
 */
export function goldTracer(open: () => Promise<{ transport: Transport; registry: Client }>, warehouseUrl: string, topicPrefix?: string): TraceProvider & { close(): Promise<void> } {
  let opened: Promise<{ transport: Transport; registry: Client }> | undefined;
  return {
    async trace(table, key, page) {
      opened ??= open().catch((error: unknown) => {
        opened = undefined;
        throw error;
      });
      const { transport, registry } = await opened;
      const gold = await warehouseGoldRows(warehouseUrl).catch(() => undefined);
      try {
        return await traceGold({ transport, registry, ...(gold === undefined ? {} : { gold }), ...(topicPrefix === undefined ? {} : { topicPrefix }) }, table, key, page);
      } finally {
        await gold?.close();
      }
    },
    async close() {
      const topics = opened;
      opened = undefined;
      await topics?.then(({ transport }) => transport.close()).catch(() => {});
    },
  };
}
