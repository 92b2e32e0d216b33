// librdkafka's calls through @confluentinc/kafka-javascript (consume, watermark
// queries, connect) each hold a libuv pool thread while they wait on the broker,
// and Node's default pool of 4 then makes file reads and the next polls wait:
// with a dozen consumers a record's way to the warehouse took 0.46 s at p50
// instead of 0.28 s. Node sizes the pool when it is first used, before any ES
// module runs, so only CommonJS loaded first can still size it: the CLI's entry
// requires this, and the benchmarks preload it (`node --require`).
process.env.UV_THREADPOOL_SIZE ??= '16';
