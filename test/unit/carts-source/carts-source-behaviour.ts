import type { Client } from '@confluentinc/schemaregistry';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CartCatalog } from '../../../generator/carts-api/cart-catalog.ts';
import { CartsApiServer } from '../../../generator/carts-api/carts-api-server.ts';
import { CartsSource } from '../../../connectors/carts-source/carts-source.ts';
import type { CartsSourceEvent } from '../../../connectors/carts-source/carts-source-events.ts';
import type { CartsSourceOptions } from '../../../connectors/carts-source/carts-source-options.ts';
import { sourceSerde } from '../../../connectors/contract/source-serde.ts';
import { sourceTopics, sourceTopicSpecs } from '../../../connectors/contract/source-topics.ts';
import { generateDataset } from '../../../generator/generate-dataset.ts';
import type { BronzeCart, DeadLetter } from '../../../schemas/generated/bronze-types.ts';
import { bronzeSerde, deadLetterSerde } from '../../../schemas/record-serde.ts';
import type { Transport } from '../../../transport/transport.ts';
import { assertComplete, assertNoDuplicates, waitFor } from '../file-source/delivery-invariants.ts';

/**
 * The carts source's behaviour against the local carts API, written once and
 * run on each transport: the in-process log in the unit suite, Kafka and the
 * registry in the integration suite (test/integration/carts-source/).
 */
export interface CartsSourceUnderTest {
  open(): Promise<Transport>;
  /** A registry client with every contract registered. */
  registry(): Promise<Client>;
  dropTopics(names: readonly string[]): Promise<void>;
}

export interface CartsLanded {
  readonly carts: BronzeCart[];
  readonly deadLetters: DeadLetter[];
}

export async function readCartsLanded(transport: Transport, client: Client, prefix: string): Promise<CartsLanded> {
  const topics = sourceTopics<'carts'>('carts-source', prefix);
  const bronze = bronzeSerde(client);
  const dlq = deadLetterSerde(client);
  const landed: CartsLanded = { carts: [], deadLetters: [] };
  await transport.readAll(topics.bronze('carts'), async (batch) => {
    for (const r of batch) landed.carts.push(await bronze.deserialize('carts', r.value!));
  });
  await transport.readAll(topics.deadLetters('carts'), async (batch) => {
    for (const r of batch) landed.deadLetters.push(await dlq.deserialize('carts', r.value!));
  });
  landed.carts.sort((a, b) => a.lineage.source_sequence - b.lineage.source_sequence);
  return landed;
}

const cart = (userId: number, quantity = 2): Record<string, unknown> => ({
  userId,
  products: [{ id: 3, title: 'Oats', price: 1.5, quantity, total: 1.5 * quantity, discountPercentage: 10, discountedTotal: 1.35 * quantity }],
  createdAt: '2018-05-01T10:00:00.000Z',
});

export function cartsSourceBehaviour(label: string, under: CartsSourceUnderTest): void {
  describe(`carts source on ${label}`, () => {
    const cleanups: (() => Promise<void> | void)[] = [];
    let client: Client;
    let dataset: string;
    let generated: { id: number }[];

    beforeAll(async () => {
      client = await under.registry();
      dataset = mkdtempSync(join(tmpdir(), 'carts-source-dataset-'));
      await generateDataset({ out: dataset, scale: 2000, seed: 7, untidy: true, force: true }, () => {});
      generated = (JSON.parse(readFileSync(join(dataset, 'api/carts/carts.json'), 'utf8')) as { carts: { id: number }[] }).carts;
    }, 120_000);
    afterAll(() => rmSync(dataset, { recursive: true, force: true }));

    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    /** A fresh carts API over the generated carts, topics and transport; everything started is stopped after the test. */
    const setup = async () => {
      const suffix = randomBytes(4).toString('hex');
      const prefix = `test.carts.${suffix}.`;
      const api = await CartsApiServer.start({ catalog: await CartCatalog.fromDataset(dataset) });
      const transport = await under.open();
      cleanups.push(() => api.close());
      cleanups.push(() => under.dropTopics(sourceTopicSpecs(['carts'], sourceTopics<'carts'>('carts-source', prefix), 1).map((t) => t.name)));
      cleanups.push(() => transport.close());
      const events: CartsSourceEvent[] = [];
      const start = async (options: Partial<CartsSourceOptions> = {}): Promise<CartsSource> => {
        const source = await CartsSource.start({
          url: api.url,
          transport,
          serde: sourceSerde(client),
          topicPrefix: prefix,
          sourceName: `test-${suffix}`,
          pageSize: 7,
          pollMs: 100,
          requestTimeoutMs: 1000,
          backoff: { baseMs: 50, maxMs: 400 },
          onEvent: (event) => events.push(event),
          ...options,
        });
        cleanups.push(() => source.stop());
        return source;
      };
      const caughtUpAt = (nextSkip: number) => () => events.some((e) => e.kind === 'caught-up' && e.nextSkip === nextSkip);
      const checkpoints = async (): Promise<number> => {
        let count = 0;
        await transport.readAll(sourceTopics<'carts'>('carts-source', prefix).checkpoints, (batch) => void (count += batch.length));
        return count;
      };
      return { api, events, start, caughtUpAt, checkpoints, landed: () => readCartsLanded(transport, client, prefix) };
    };

    it('reads every cart once, paging with limit and skip, each line inside its cart with the page lineage', async () => {
      const t = await setup();
      const source = await t.start();
      await waitFor('caught up', t.caughtUpAt(generated.length));
      await source.stop();
      const { carts, deadLetters } = await t.landed();
      expect(deadLetters).toEqual([]);
      assertComplete(
        generated.map((c) => c.id),
        carts,
        (c) => c.cart_id,
      );
      assertNoDuplicates(carts, (c) => c.cart_id);
      const fourth = carts.find((c) => c.cart_id === generated[10]!.id)!;
      expect(fourth.lineage).toMatchObject({ source_kind: 'api', source_uri: `${t.api.url}?limit=7&skip=7`, source_position: 'skip=7 #4' });
      const lines = carts.reduce((n, c) => n + c.lines.length, 0);
      const manifest = JSON.parse(readFileSync(join(dataset, 'expected/manifest.json'), 'utf8')) as { onlineSaleLines: number };
      expect(lines).toBe(manifest.onlineSaleLines);
    });

    it('retries 429 (honouring Retry-After), 500, slow answers and repeated pages, dead-letters a malformed page, and loses or repeats nothing', async () => {
      const t = await setup();
      t.api.inject({ kind: 'too-many-requests', retryAfterSeconds: 1 }, { skip: 7 });
      t.api.inject({ kind: 'server-error' }, { skip: 14, times: 2 });
      t.api.inject({ kind: 'slow', delayMs: 1500 }, { skip: 21 });
      t.api.inject({ kind: 'malformed-page' }, { skip: 28 });
      t.api.inject({ kind: 'repeated-page' }, { skip: 35 });
      const source = await t.start();
      await waitFor('caught up', t.caughtUpAt(generated.length));
      await source.stop();
      expect(t.api.faults.pending).toBe(0);

      const failures = t.events.flatMap((e) => (e.kind === 'poll-failed' ? [e] : []));
      expect(failures.map((f) => (f.error as { code?: string }).code)).toEqual(['api-refused', 'api-refused', 'api-refused', 'api-timeout', 'repeated-page']);
      expect(failures[0]!.retryInMs).toBeGreaterThanOrEqual(1000);
      expect(failures[0]!.cause).toMatch(/answered 429/);

      const { carts, deadLetters } = await t.landed();
      const malformedPage = new Set(generated.slice(28, 35).map((c) => c.id));
      assertComplete(
        generated.filter((c) => !malformedPage.has(c.id)).map((c) => c.id),
        carts,
        (c) => c.cart_id,
      );
      assertNoDuplicates(carts, (c) => c.cart_id);
      expect(deadLetters).toHaveLength(1);
      const [letter] = deadLetters;
      expect(letter).toMatchObject({ entity: 'carts', stage: 'source', source_uri: `${t.api.url}?limit=7&skip=28`, source_position: 'skip=28', field: null });
      expect(letter!.reason).toMatch(/^malformed-page: the page must be a JSON page/);
      // The page's carts are in the dead letter's raw body: nothing is lost.
      expect(letter!.raw.toString()).toContain(`"id":${generated[28]!.id},`);
    });

    it('commits nothing while idle: an empty poll writes no checkpoint', async () => {
      const t = await setup();
      await t.start();
      await waitFor('caught up', t.caughtUpAt(generated.length));
      const before = await t.checkpoints();
      const polls = t.events.filter((e) => e.kind === 'caught-up').length;
      await waitFor('ten more idle polls', () => t.events.filter((e) => e.kind === 'caught-up').length >= polls + 10);
      expect(await t.checkpoints()).toBe(before);
      expect(before).toBe(Math.ceil(generated.length / 7));
    });

    it('a second source of the same name fences the first, which stops; no cart is produced twice', async () => {
      const t = await setup();
      const first = await t.start();
      await waitFor('caught up', t.caughtUpAt(generated.length));
      const second = await t.start();
      t.api.catalog.add([cart(1)]);
      await expect(first.done).rejects.toMatchObject({ code: 'fenced' });
      await waitFor('the new cart read', t.caughtUpAt(generated.length + 1));
      await second.stop();
      const { carts } = await t.landed();
      assertNoDuplicates(carts, (c) => c.cart_id);
      expect(carts).toHaveLength(generated.length + 1);
    });

    it('after the first full read asks only for new carts, also after a restart; a bad cart goes to the DLQ with its reason', async () => {
      const t = await setup();
      const first = await t.start();
      await waitFor('caught up', t.caughtUpAt(generated.length));
      const added = await fetch(`${t.api.url}/add`, { method: 'POST', body: JSON.stringify([cart(1), cart(2, 0)]) }).then((r) => r.json() as Promise<{ carts: { id: number }[] }>);
      await waitFor('the new carts read', t.caughtUpAt(generated.length + 2));
      await first.stop();

      t.api.catalog.add([cart(3)]);
      const second = await t.start();
      await waitFor('the cart added while stopped read', t.caughtUpAt(generated.length + 3));
      await second.stop();

      const { carts, deadLetters } = await t.landed();
      const newIds = [added.carts[0]!.id, generated.length + 3];
      expect(carts.slice(generated.length).map((c) => [c.cart_id, c.lineage.source_position])).toEqual([
        [newIds[0], `skip=${generated.length} #1`],
        [newIds[1], `skip=${generated.length + 2} #1`],
      ]);
      assertNoDuplicates(carts, (c) => c.cart_id);
      expect(deadLetters.map((d) => [d.reason, d.field, d.value, d.source_position])).toEqual([
        ['out-of-range: lines[0].quantity is outside its contract’s range (must be greater than 0)', 'lines[0].quantity', '0', `skip=${generated.length} #2`],
      ]);
      // Incremental: each full page was read once; only the short page at the end is asked for again each poll.
      const fullPages = t.events.flatMap((e) => (e.kind === 'batch-committed' && e.rowsRead === 7 ? [e.skip] : []));
      expect(fullPages).toHaveLength(Math.floor(generated.length / 7));
      assertNoDuplicates(fullPages, (skip) => skip);
    });
  });
}
