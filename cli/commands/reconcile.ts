import { reconcileSilver } from '../../checks/reconciliation.ts';
import type { Command } from '../command.ts';
import { openTransportTarget } from '../transport-target.ts';
import { noPositionals, parseOptions } from '../options.ts';
import { printReconciliation } from '../pipeline-report.ts';

const usage = `usage: medallion reconcile [--namespace NS]

Reads the topics on Kafka (MEDALLION_KAFKA_*, default the local stack) and prints,
per entity: bronze records, silver records, duplicates removed, dead-lettered and
late. Exits 1 when an entity's bronze ≠ silver + duplicates + dead-lettered.

  --namespace NS   the processors' namespace (a replay's), default none`;

export const reconcileCommand: Command = {
  name: 'reconcile',
  summary: 'per entity: bronze = silver + duplicates + dead-lettered, from the topics',
  usage,
  async run(args) {
    const { values, positionals } = parseOptions(args, { namespace: { type: 'string' } }, usage);
    noPositionals('reconcile', positionals, usage);
    const { transport, registry } = await openTransportTarget();
    try {
      const rows = await reconcileSilver(transport, registry, values.namespace === undefined ? {} : { namespace: values.namespace });
      printReconciliation(rows);
      const ok = rows.every((r) => r.ok);
      console.log(ok ? '\n✔ every bronze record is in silver, removed as a duplicate, or dead-lettered' : '\n✘ some bronze records are unaccounted for (see ✘ above)');
      return ok ? 0 : 1;
    } finally {
      await transport.close();
    }
  },
};
