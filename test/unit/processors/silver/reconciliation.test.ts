import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from '@confluentinc/schemaregistry';
import { reconcileSilver } from '../../../../checks/reconciliation.ts';
import { runProcessor } from '../../../../processors/runtime/processor-runtime.ts';
import { silverProcessors } from '../../../../processors/silver/silver-processors.ts';
import { embeddedRegistry } from '../../../../schemas/embedded-registry.ts';
import type { BronzeCountry } from '../../../../schemas/generated/bronze-types.ts';
import { bronzeKey, bronzeSerde } from '../../../../schemas/record-serde.ts';
import { InProcessLog } from '../../../../transport/in-process/in-process-log.ts';
import { openTransport } from '../../../../transport/open-transport.ts';
import type { Transport } from '../../../../transport/transport.ts';
import { lineage } from '../../schemas/bronze-fixtures.ts';
import { settled } from '../run-pipeline.ts';

let registry: Client;
let transport: Transport;
beforeEach(async () => {
  registry = await embeddedRegistry();
  transport = await openTransport({ kind: 'in-process', log: new InProcessLog() });
});
afterEach(() => transport.close());

const country = (id: number, name: string, sequence: number): BronzeCountry => ({ country_id: id, country_name: name, country_code: null, extras: {}, lineage: { ...lineage, source_sequence: sequence } });

async function putBronze(countries: readonly BronzeCountry[]): Promise<void> {
  const serde = bronzeSerde(registry);
  await transport.ensureTopics([{ name: 'bronze.countries', partitions: 2 }]);
  const producer = await transport.producer(`test-${Math.random().toString(36).slice(2)}`);
  const records = await Promise.all(countries.map(async (c) => ({ topic: 'bronze.countries', key: bronzeKey('countries', c), value: await serde.serialize('countries', c) })));
  await producer.transaction((tx) => tx.send(records));
  await producer.close();
}

describe('silver reconciliation', () => {
  it('accounts for every bronze record as silver, a duplicate or a dead letter, from the topics alone', async () => {
    await putBronze([country(1, 'norway', 1), country(1, ' NORWAY ', 2), country(2, '  ', 3), country(1, 'Sweden', 4)]);
    const processor = silverProcessors({ registry, partitions: 2 }).find((p) => p.inputs.includes('bronze.countries'))!;
    const running = await runProcessor(processor, { transport, registry, pollMs: 20 });
    await settled([running]);
    await running.stop();
    const rows = await reconcileSilver(transport, registry);
    expect(rows.find((r) => r.entity === 'countries')).toEqual({ entity: 'countries', bronze: 4, silver: 2, duplicates: 1, deadLettered: 1, late: 0, ok: true });
    // Entities nothing was written for reconcile as all zeros.
    expect(rows.find((r) => r.entity === 'carts')).toEqual({ entity: 'carts', bronze: 0, silver: 0, duplicates: 0, deadLettered: 0, late: 0, ok: true });

    // A bronze record no processor has taken yet is missing from the balance.
    await putBronze([country(3, 'Chile', 5)]);
    expect((await reconcileSilver(transport, registry)).find((r) => r.entity === 'countries')).toMatchObject({ bronze: 5, silver: 2, ok: false });
  });
});
