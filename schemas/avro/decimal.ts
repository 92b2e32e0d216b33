/**
 * Exact decimals as strings with a fixed scale ("12.3400"), the form money and
 * discounts take everywhere in TypeScript: no binary floating point touches them.
 */
export interface DecimalSpec {
  readonly precision: number;
  readonly scale: number;
}

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/** The unscaled integer of `text` at `scale`, or undefined when it is not a decimal that fits. */
export function parseDecimal(text: string, { precision, scale }: DecimalSpec): bigint | undefined {
  const match = DECIMAL_TEXT.exec(text.trim());
  if (match === null) return undefined;
  const [, sign = '', whole = '', fraction = ''] = match;
  if (whole === '' && fraction === '') return undefined;
  // Round half away from zero when the source has more digits than the scale.
  const kept = fraction.slice(0, scale).padEnd(scale, '0');
  let unscaled = BigInt(`${whole || '0'}${kept}`);
  const next = fraction.charCodeAt(scale);
  if (next >= 0x35 /* '5' */ && next <= 0x39) unscaled += 1n;
  if (unscaled.toString().length > precision) return undefined;
  return sign === '-' ? -unscaled : unscaled;
}

/** The canonical text of an unscaled integer at `scale`: "-12.3400". */
export function formatDecimal(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}

/** Avro's decimal bytes: the unscaled value, big-endian two's complement, shortest form. */
export function decimalToBytes(unscaled: bigint): Buffer {
  const bytes = byteLength(unscaled);
  return Buffer.from(BigInt.asUintN(8 * bytes, unscaled).toString(16).padStart(2 * bytes, '0'), 'hex');
}

export function bytesToDecimal(bytes: Buffer): bigint {
  if (bytes.length === 0) return 0n;
  return BigInt.asIntN(8 * bytes.length, BigInt(`0x${bytes.toString('hex')}`));
}

function byteLength(value: bigint): number {
  let bytes = 1;
  while (value >= 1n << BigInt(8 * bytes - 1) || value < -(1n << BigInt(8 * bytes - 1))) bytes += 1;
  return bytes;
}
