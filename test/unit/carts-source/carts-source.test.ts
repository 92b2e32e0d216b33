import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CartCatalog } from '../../../generator/carts-api/cart-catalog.ts';
import { CartsApiServer } from '../../../generator/carts-api/carts-api-server.ts';
import { CartsSource } from '../../../connectors/carts-source/carts-source.ts';
import { CartsSourceError } from '../../../connectors/carts-source/carts-source-error.ts';
import type { CartsSourceEvent } from '../../../connectors/carts-source/carts-source-events.ts';
import { sourceSerde } from '../../../connectors/contract/source-serde.ts';
import { embeddedRegistry } from '../../../schemas/embedded-registry.ts';
import { InProcessLog } from '../../../transport/in-process/in-process-log.ts';
import { InProcessTransport } from '../../../transport/in-process/in-process-transport.ts';
import { waitFor } from '../file-source/delivery-invariants.ts';
import { cartsSourceBehaviour, readCartsLanded } from './carts-source-behaviour.ts';

// One log per file, shared by the source and the test's readers, as in an embedded run.
const log = new InProcessLog();

cartsSourceBehaviour('the in-process log', {
  open: async () => new InProcessTransport(log),
  registry: embeddedRegistry,
  dropTopics: async () => {},
});

const cartOf = (userId: number) => ({ userId, products: [{ id: 1, title: 'Tea', price: 2, quantity: 1 }], createdAt: '2018-05-02T08:00:00Z' });

describe('carts source with the API down', () => {
  it('reports the cause in its status, retries, and resumes where it stopped once the API is back', async () => {
    const suffix = randomBytes(4).toString('hex');
    const catalog = new CartCatalog();
    catalog.add([cartOf(1), cartOf(2)]);
    let api = await CartsApiServer.start({ catalog });
    const port = Number(new URL(api.url).port);
    const transport = new InProcessTransport(log);
    const client = await embeddedRegistry();
    const events: CartsSourceEvent[] = [];
    const prefix = `test.carts-down.${suffix}.`;
    const source = await CartsSource.start({
      url: api.url,
      transport,
      serde: sourceSerde(client),
      topicPrefix: prefix,
      sourceName: `down-${suffix}`,
      pollMs: 100,
      backoff: { baseMs: 100, maxMs: 400 },
      onEvent: (event) => events.push(event),
    });
    try {
      await waitFor('the first carts read', () => events.some((e) => e.kind === 'caught-up' && e.nextSkip === 2));
      await api.close();
      await waitFor('two failed polls', () => events.filter((e) => e.kind === 'poll-failed').length >= 2);
      expect(source.snapshot().status).toMatchObject({ state: 'retrying', cause: expect.stringMatching(/unreachable \(ECONNREFUSED\)/) as unknown });

      catalog.add([cartOf(3)]);
      api = await CartsApiServer.start({ catalog, port });
      await waitFor('the new cart read after recovery', () => events.some((e) => e.kind === 'caught-up' && e.nextSkip === 3));
      expect(source.snapshot().status.state).toBe('running');
      expect(source.snapshot().totals).toEqual({ rowsRead: 3, produced: 3, deadLettered: 0 });
    } finally {
      await source.stop();
      await api.close();
    }
    const { carts } = await readCartsLanded(transport, client, prefix);
    expect(carts.map((c) => [c.cart_id, c.lineage.source_sequence])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
  });

  it('refuses a URL that already pages, naming it and the fix', async () => {
    const start = CartsSource.start({ url: 'http://127.0.0.1:1/carts?limit=5', transport: new InProcessTransport(log), serde: sourceSerde(await embeddedRegistry()) });
    await expect(start).rejects.toThrow(CartsSourceError);
    await expect(start).rejects.toThrow(/already has limit or skip/);
  });
});
