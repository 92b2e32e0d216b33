import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey } from '../../../transport/key-partitioner.ts';

// Java's Utils.murmur2 results, as librdkafka's murmur2 unit test lists them.
const JAVA_MURMUR2: readonly (readonly [string, number])[] = [
  ['kafka', 0xd067cf64],
  ['giberish123456789', 0x8f552b0c],
  ['1234', 0x9fc97b14],
  ['234', 0xe7c009ca],
  ['34', 0x873930da],
  ['4', 0x5a4b5ca1],
  ['PreAmbleWillBeRemoved,ThePrePartThatIs', 0x78424f1c],
  ['reAmbleWillBeRemoved,ThePrePartThatIs', 0x4a62b377],
  ['eAmbleWillBeRemoved,ThePrePartThatIs', 0xe0e4e09e],
  ['AmbleWillBeRemoved,ThePrePartThatIs', 0x62b8b43f],
  ['', 0x106e08d9],
];

describe('key partitioner', () => {
  it('hashes keys exactly as the Java client does', () => {
    for (const [key, expected] of JAVA_MURMUR2) expect(murmur2(Buffer.from(key)), key).toBe(expected | 0);
  });

  it('maps a key to a partition within range, the same one every time', () => {
    for (const [key] of JAVA_MURMUR2) {
      const partition = partitionForKey(Buffer.from(key), 6);
      expect(partition).toBeGreaterThanOrEqual(0);
      expect(partition).toBeLessThan(6);
      expect(partitionForKey(Buffer.from(key), 6)).toBe(partition);
    }
    // A negative hash still gives a valid partition: Kafka drops the sign bit.
    expect(partitionForKey(Buffer.from('kafka'), 7)).toBe((0xd067cf64 & 0x7fffffff) % 7);
  });
});
