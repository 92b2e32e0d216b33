/**
 * A warehouse sink in a process of its own, for the crash test: reads gold.fact_sales
 * under MEDALLION_TEST_PREFIX from the stack's Kafka into MEDALLION_TEST_WAREHOUSE_URL
 * and prints one JSON line per event, until it is killed.
 */
import { resolveConnections } from '../../../config/connections.ts';
import { registryClient } from '../../../schemas/registry-client.ts';
import { KafkaTransport } from '../../../transport/kafka/kafka-transport.ts';
import { startWarehouseSink } from '../../../warehouse/sink/warehouse-sink.ts';

const connections = resolveConnections();
const transport = await KafkaTransport.open({ kafka: connections.kafka });
const sink = await startWarehouseSink({
  transport,
  registry: registryClient(connections.registry),
  warehouseUrl: process.env.MEDALLION_TEST_WAREHOUSE_URL!,
  name: 'crash-sink',
  topics: ['gold.fact_sales'],
  topicPrefix: process.env.MEDALLION_TEST_PREFIX!,
  maxBatch: 500,
  onEvent: (event) => console.log(JSON.stringify({ kind: event.kind })),
});
await sink.done;
