/**
 * The Topics page's record view and `medallion trace` on a large run: time to
 * the first page (p50/p99 over 20 requests each, through the dashboard's HTTP
 * API as a browser asks) and the process's RSS before and after, against a
 * baseline measured in the same run — the same newest records read straight
 * from the transport, undecoded. Embedded mode: the dashboard, its topic browser
 * and tracer and the in-process log in this one process, as the demo runs them.
 *
 *   npm run bench:inspect [-- --sales N]   (default 200,000 sales; bronze and silver each hold N records)
 */
import { parseArgs } from 'node:util';
import { startDashboard } from '../dashboard/start-dashboard.ts';
import { percentile } from '../processors/runtime/processor-metrics.ts';
import { embeddedRegistry } from '../schemas/embedded-registry.ts';
import { topicBrowser } from '../topics/topic-browser.ts';
import { goldTracer } from '../trace/gold-tracer.ts';
import { InProcessTransport } from '../transport/in-process/in-process-transport.ts';
import { bronzeSaleRecords, saleId, silverSaleRecords } from './retail-records.ts';

const REQUESTS = 20;
const BATCH = 20_000;
const { values } = parseArgs({ options: { sales: { type: 'string', default: '200000' } } });
const sales = Number(values.sales);

const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);
const rss = (): number => {
  global.gc?.();
  return process.memoryUsage().rss;
};

/** p50 and p99 of `run` over REQUESTS calls, in ms; `n` is the call's number. */
async function timed(run: (n: number) => Promise<void>): Promise<{ p50: number; p99: number }> {
  const samples: number[] = [];
  for (let n = 0; n < REQUESTS; n += 1) {
    const begun = performance.now();
    await run(n);
    samples.push(performance.now() - begun);
  }
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) };
}

async function ok(url: string): Promise<void> {
  const answer = await fetch(url);
  const body = (await answer.json()) as { data?: { unavailable?: string; rows?: unknown[] } };
  if (!answer.ok || body.data?.unavailable !== undefined || body.data?.rows?.length === 0) throw new Error(`${url} answered ${answer.status}: ${JSON.stringify(body).slice(0, 300)}`);
}

const transport = new InProcessTransport();
const registry = await embeddedRegistry();
await transport.ensureTopics([
  { name: 'bronze.sales', partitions: 3 },
  { name: 'silver.sales', partitions: 3 },
]);
const producer = await transport.producer('bench-inspect');
const loading = performance.now();
for (let from = 0; from < sales; from += BATCH) {
  const to = Math.min(sales, from + BATCH);
  const records = [...(await bronzeSaleRecords(registry, '', from, to)), ...(await silverSaleRecords(registry, '', from, to))];
  await producer.transaction((tx) => tx.send(records));
}
console.log(`loaded ${sales.toLocaleString('en')} bronze and ${sales.toLocaleString('en')} silver sales in ${((performance.now() - loading) / 1000).toFixed(1)} s`);

const topics = topicBrowser({ mode: 'embedded (in-process log)', open: async () => ({ transport, registry }) });
// No warehouse: the trace reads the topics and says the warehouse did not answer; the Topics page needs none.
const trace = goldTracer(async () => ({ transport, registry }), 'postgres://nobody:none@127.0.0.1:9/none');
const dashboard = await startDashboard({ warehouseUrl: 'postgres://nobody:none@127.0.0.1:9/none', port: 0, topics, trace });
const pick = (n: number): number => Math.floor((((n * 7919) % 1000) / 1000) * sales);
const requests = {
  baseline: async () => {
    const bounds = await transport.partitionBounds(['bronze.sales']);
    await Promise.all(bounds.map((b) => transport.readPage({ ...b, offset: b.end - 20n > b.start ? b.end - 20n : b.start }, 20)));
  },
  newest: () => ok(`${dashboard.url}/api/panel/topics/records?topic=bronze.sales`),
  fromOffset: (n: number) => ok(`${dashboard.url}/api/panel/topics/records?topic=bronze.sales&partition=${n % 3}&offset=${Math.floor(pick(n) / 3)}`),
  // A key among the newest sales: found in the first request's window (an older one takes a request per 20,000 offsets back).
  byKey: (n: number) => ok(`${dashboard.url}/api/panel/topics/records?topic=silver.sales&key=${saleId(sales - 1 - ((n * 997) % 30_000))}`),
  traced: async (n: number) => {
    const answer = await fetch(`${dashboard.url}/api/trace?table=fact_sales&key=${saleId(pick(n))}`);
    if (!answer.ok) throw new Error(`trace answered ${answer.status}: ${await answer.text()}`);
  },
};
type Round = Record<keyof typeof requests, { p50: number; p99: number }>;
async function round(): Promise<Round> {
  const times: Partial<Round> = {};
  for (const [name, request] of Object.entries(requests)) times[name as keyof Round] = await timed(request);
  return times as Round;
}
// Two rounds: the first starts cold (schemas, decoders, the page's bundle not yet cached); RSS after each tells a one-off fill from growth per request.
const warm = rss();
const first = await round();
const before = rss();
const second = await round();
const after = rss();

const NAMES: Record<keyof Round, string> = {
  baseline: 'baseline: 20 newest per partition, undecoded',
  newest: 'Topics page: newest 20, decoded',
  fromOffset: 'Topics page: partition from an offset',
  byKey: 'Topics page: a recent key (first 20,000 offsets)',
  traced: 'trace fact_sales <sale> (no warehouse)',
};
const ms = (t: { p50: number; p99: number }): string => `${t.p50.toFixed(1).padStart(8)} ${t.p99.toFixed(1).padStart(8)}`;
console.log(`\n${'request'.padEnd(50)} ${'1st p50'.padStart(8)} ${'1st p99'.padStart(8)} ${'2nd p50'.padStart(8)} ${'2nd p99'.padStart(8)} ${'× baseline'.padStart(11)}  (ms)`);
for (const name of Object.keys(NAMES) as (keyof Round)[]) console.log(`${NAMES[name].padEnd(50)} ${ms(first[name])} ${ms(second[name])} ${(second[name].p50 / second.baseline.p50).toFixed(0).padStart(11)}`);
console.log(`\nRSS of this process (dashboard, browser, tracer and the in-process log): ${mib(warm)} MiB loaded, ${mib(before)} MiB after a first round of ${REQUESTS} of each, ${mib(after)} MiB after a second${global.gc === undefined ? '; run with node --expose-gc for RSS after a collection' : ''}.`);
await dashboard.close();
await topics.close();
