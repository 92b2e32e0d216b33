import { closeSync, openSync, readSync } from 'node:fs';

const QUOTE = 0x22;
const NEWLINE = 0x0a;

/**
 * A CSV file as chunks of whole records (about `size` bytes each), so a large file
 * can be loaded piece by piece. A line break ends a record only outside quotes,
 * i.e. after an even number of quote characters (RFC 4180 doubles inner quotes).
 */
export function* csvChunks(path: string, size = 32 << 20): Generator<Buffer<ArrayBuffer>> {
  const fd = openSync(path, 'r');
  try {
    let carry = Buffer.alloc(0);
    let quotes = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(size);
      const read = readSync(fd, buffer, 0, size, null);
      if (read === 0) break;
      const data = Buffer.concat([carry, buffer.subarray(0, read)]);
      let cut = -1;
      let parity = quotes;
      for (let i = carry.length; i < data.length; i++) {
        const byte = data[i];
        if (byte === QUOTE) parity++;
        else if (byte === NEWLINE && parity % 2 === 0) cut = i;
      }
      if (cut < 0) {
        carry = data;
        quotes = parity;
        continue;
      }
      // Quotes before the cut are settled; those after it belong to the carried part.
      quotes = 0;
      for (let i = cut + 1; i < data.length; i++) if (data[i] === QUOTE) quotes++;
      yield data.subarray(0, cut + 1);
      carry = data.subarray(cut + 1);
    }
    if (carry.length > 0) yield carry;
  } finally {
    closeSync(fd);
  }
}
