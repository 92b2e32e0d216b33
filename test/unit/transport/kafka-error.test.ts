import { describe, expect, it } from 'vitest';
import { isTransient, kafkaError } from '../../../transport/kafka/kafka-error.ts';
import { isUnavailable } from '../../../transport/transport-error.ts';

// librdkafka's errors as the client hands them over: a code, a message, and its own flags.
const librdkafka = (code: number, message: string, flags: { isRetriable?: boolean; isFatal?: boolean } = {}): Error => Object.assign(new Error(message), { code, ...flags });
const SERVERS = '127.0.0.1:9092';

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
    const error = kafkaError('measuring the lag of group "medallion.warehouse-sink" on gold.fact_sales', librdkafka(-185, 'Local: Timed out'), SERVERS);
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
    expect(kafkaError('opening transactional producer "p"', faults[1], SERVERS, 'p')).toMatchObject({ code: 'fenced' });
    const refused = kafkaError('opening a consumer', faults[2], SERVERS);
    expect(refused).toMatchObject({ code: 'kafka-failed' });
    expect(refused.fix).toContain('MEDALLION_KAFKA_');
    expect(isUnavailable(refused)).toBe(false);
  });
});
