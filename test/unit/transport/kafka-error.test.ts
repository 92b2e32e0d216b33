import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { isTransient, kafkaError } from '../../../transport/kafka/kafka-error.ts';
import { RefusalWatch } from '../../../transport/kafka/kafka-refusal.ts';
import { isUnavailable } from '../../../transport/transport-error.ts';

// librdkafka's errors as the client hands them over: a code, a message, and its own flags.
const librdkafka = (code: number, message: string, flags: { isRetriable?: boolean; isFatal?: boolean } = {}): Error => Object.assign(new Error(message), { code, ...flags });
const SERVERS = '127.0.0.1:9092';
const client = (settings: Record<string, string> = {}): RefusalWatch => new RefusalWatch({ bootstrapServers: SERVERS, settings });

describe("librdkafka's failures, transient or not", () => {
  it('waits out a broker that is down, restarting or moving its leaders and coordinators', () => {
    const outages = [
      librdkafka(-185, 'Local: Timed out'),
      librdkafka(-187, 'Local: All broker connections are down'),
      librdkafka(-195, 'Local: Broker transport failure'),
      librdkafka(-192, 'Local: Message timed out'),
      librdkafka(15, 'Broker: Coordinator not available'),
      librdkafka(16, 'Broker: Not coordinator'),
      librdkafka(6, 'Broker: Not leader for partition'),
      librdkafka(51, 'Broker: Concurrent transactions'),
      librdkafka(-172, 'Local: Erroneous state', { isRetriable: true }),
    ];
    expect(outages.map(isTransient)).toEqual(outages.map(() => true));
    const error = kafkaError('measuring the lag of group "medallion.warehouse-sink" on gold.fact_sales', librdkafka(-185, 'Local: Timed out'), client());
    expect(isUnavailable(error)).toBe(true);
    expect(error).toMatchObject({ code: 'unavailable', at: SERVERS });
    expect(error.message).toContain('measuring the lag of group "medallion.warehouse-sink" on gold.fact_sales failed: Kafka at 127.0.0.1:9092 did not answer (Local: Timed out, librdkafka code -185)');
    expect(error.fix).toContain('waits for it');
  });

  it('ends the work on what no wait cures: fencing, refused credentials, fatal errors, bad records', () => {
    const faults = [
      librdkafka(-144, 'Local: This instance has been fenced by a newer instance'),
      librdkafka(90, 'Broker: Producer fenced'),
      librdkafka(-169, 'Local: Authentication failure'),
      librdkafka(58, 'Broker: SASL Authentication failed'),
      librdkafka(-181, 'Local: SSL error'),
      librdkafka(-185, 'Local: Timed out', { isFatal: true }),
      librdkafka(87, 'Broker: Invalid record', { isRetriable: false }),
      librdkafka(10, 'Broker: Message size too large'),
      new Error('not a librdkafka error'),
    ];
    expect(faults.map(isTransient)).toEqual(faults.map(() => false));
    expect(kafkaError('opening transactional producer "p"', faults[1], client(), 'p')).toMatchObject({ code: 'fenced' });
    const refused = kafkaError('opening a consumer', faults[2], client());
    expect(refused).toMatchObject({ code: 'kafka-failed' });
    expect(refused.fix).toContain('MEDALLION_KAFKA_');
    expect(isUnavailable(refused)).toBe(false);
  });
});

// librdkafka's own lines, as a client of a SASL_SSL listener logs them (stack up --secure).
const WRONG_LOGIN =
  '[thrd:sasl_ssl://127.0.0.1:39092/bootstrap]: sasl_ssl://127.0.0.1:39092/bootstrap: SASL authentication error: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512 (after 391ms in state AUTH_REQ)';
const PLAIN_AT_TLS = '[thrd:127.0.0.1:39092/bootstrap]: 127.0.0.1:39092/bootstrap: Disconnected: connection closed by peer: receive 0 after POLLIN (after 6ms in state APIVERSION_QUERY)';

describe('a client the brokers refuse', () => {
  it('is refused, not waited for, once it saw its login refused: the cause names the login, the fix the settings', () => {
    const watch = client({ 'security.protocol': 'SASL_SSL', 'sasl.mechanisms': 'SCRAM-SHA-512', 'sasl.username': 'medallion', 'sasl.password': 'wrong' });
    watch.handlers['event.log']({ message: WRONG_LOGIN });
    const error = kafkaError('listing the topics', librdkafka(-185, 'Local: Timed out'), watch);
    expect(error).toMatchObject({ code: 'refused', at: SERVERS });
    expect(error.message).toContain('Kafka at 127.0.0.1:9092 refused this client: its login (user "medallion" with SCRAM-SHA-512) was refused');
    expect(error.message).not.toContain('wrong');
    expect(error.fix).toContain('MEDALLION_KAFKA_SASL_PASSWORD');
    expect(isUnavailable(error)).toBe(false);
  });

  it('is not taken for refused when a listener that hangs up before answering speaks no TLS either (a broker starting or stopping): it waits', async () => {
    // A plain TCP listener that closes every connection, as a broker does while it starts or stops.
    let closed = 0;
    const server = net.createServer((socket) => socket.on('close', () => (closed += 1)).destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const watch = new RefusalWatch({ bootstrapServers: `127.0.0.1:${(server.address() as net.AddressInfo).port}`, settings: {} });
      watch.handlers['event.log']({ message: PLAIN_AT_TLS });
      await vi.waitFor(() => expect(closed).toBeGreaterThan(0));
      await sleep(50);
      expect(watch.current).toBeUndefined();
      expect(isUnavailable(kafkaError('creating topic t', librdkafka(-195, 'Local: Broker transport failure'), watch))).toBe(true);
    } finally {
      server.close();
    }
  });

  it('still waits out an outage when nothing refused it: a broker that is down hangs up in no protocol state', () => {
    const watch = client();
    watch.handlers['event.log']({ message: '[thrd:127.0.0.1:9092/bootstrap]: 127.0.0.1:9092/bootstrap: Connect to ipv4#127.0.0.1:9092 failed: Connection refused (after 0ms in state CONNECT)' });
    expect(isUnavailable(kafkaError('listing the topics', librdkafka(-185, 'Local: Timed out'), watch))).toBe(true);
  });
});
