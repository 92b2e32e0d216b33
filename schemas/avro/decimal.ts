/**
 * Exact decimals as strings with a fixed scale ("12.3400"), the form money and
 * discounts take everywhere in TypeScript: no binary floating point touches them.
 */
export interface DecimalSpec {
  readonly precision: number;
  readonly scale: number;
}

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/**
 * The unscaled integer of `text` at `scale`, or undefined when it is not a decimal that
 * fits: more digits than `precision`, or more fraction digits than `scale` (never rounded:
 * nothing changes a value silently).
 */
export function parseDecimal(text: string, { precision, scale }: DecimalSpec): bigint | undefined {
  const small = parseSmallDecimal(text, scale);
  if (small !== undefined) return fitsPrecision(small, precision) ? BigInt(small) : undefined;
  const match = DECIMAL_TEXT.exec(text.trim());
  if (match === null) return undefined;
  const [, sign = '', whole = '', fraction = ''] = match;
  if ((whole === '' && fraction === '') || fraction.length > scale) return undefined;
  const unscaled = BigInt(`${whole || '0'}${fraction.padEnd(scale, '0')}`);
  if (unscaled.toString().length > precision) return undefined;
  return sign === '-' ? -unscaled : unscaled;
}

/** How many fraction digits `text` writes, or undefined when it is not a decimal at all. */
export function decimalPlaces(text: string): number | undefined {
  const match = DECIMAL_TEXT.exec(text.trim());
  if (match === null) return undefined;
  const [, , whole = '', fraction = ''] = match;
  return whole === '' && fraction === '' ? undefined : fraction.length;
}

/** The unscaled integer of `text` at `scale` as a Number when it is exact there (most money is), else as parseDecimal gives it; undefined when it is not a decimal that fits. */
export function parseUnscaled(text: string, spec: DecimalSpec): number | undefined {
  const small = parseSmallDecimal(text, spec.scale);
  if (small !== undefined) return fitsPrecision(small, spec.precision) ? small : undefined;
  const unscaled = parseDecimal(text, spec);
  return unscaled === undefined ? undefined : Number(unscaled);
}

/** The canonical text of an unscaled integer at `scale`: "-12.3400". */
export function formatDecimal(unscaled: bigint | number, scale: number): string {
  const negative = unscaled < 0;
  const digits = String(negative ? -unscaled : unscaled).padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}

/** Avro's decimal bytes of `text` at `spec`, or undefined when it is not a decimal that fits: parseDecimal then decimalToBytes, without BigInt in the common case. */
export function decimalTextToBytes(text: string, spec: DecimalSpec): Buffer | undefined {
  const small = parseSmallDecimal(text, spec.scale);
  if (small !== undefined) return fitsPrecision(small, spec.precision) ? smallToBytes(small) : undefined;
  const unscaled = parseDecimal(text, spec);
  return unscaled === undefined ? undefined : decimalToBytes(unscaled);
}

/** The text at `scale` of Avro's decimal bytes: bytesToDecimal then formatDecimal, without BigInt for up to 6 bytes. */
export function bytesToDecimalText(bytes: Buffer, scale: number): string {
  if (bytes.length === 0) return formatDecimal(0, scale);
  return formatDecimal(bytes.length <= 6 ? bytes.readIntBE(0, bytes.length) : bytesToDecimal(bytes), scale);
}

/** 10^0 … 10^22, exact as Numbers; a larger precision holds any exact integer. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Whether an exact integer has at most `precision` digits. */
function fitsPrecision(unscaled: number, precision: number): boolean {
  return (unscaled < 0 ? -unscaled : unscaled) < (POWERS_OF_TEN[precision] ?? Infinity);
}

/**
 * The common case without BigInt arithmetic, which every record with money pays
 * for (twice: avsc checks, then writes): at most 15 digits, no more fraction
 * digits than the scale (so no rounding), no surrounding spaces. The result is an
 * exact integer; undefined sends the text through the general path.
 */
function parseSmallDecimal(text: string, scale: number): number | undefined {
  const n = text.length;
  if (n === 0 || n > 17) return undefined;
  let i = text.charCodeAt(0) === 0x2d /* - */ || text.charCodeAt(0) === 0x2b /* + */ ? 1 : 0;
  let unscaled = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e /* . */ && fraction === -1) fraction = 0;
    else if (c >= 0x30 && c <= 0x39) {
      unscaled = unscaled * 10 + (c - 0x30);
      digits++;
      if (fraction !== -1) fraction++;
    } else return undefined;
  }
  if (digits === 0 || digits > 15 || fraction > scale) return undefined;
  unscaled *= 10 ** (scale - Math.max(fraction, 0));
  if (!Number.isSafeInteger(unscaled)) return undefined;
  return text.charCodeAt(0) === 0x2d ? -unscaled : unscaled;
}

/** Values within ±2^47 are written from a Number: exact, and far cheaper than BigInt arithmetic. */
const SMALL = 2n ** 47n;

/** Avro's decimal bytes: the unscaled value, big-endian two's complement, shortest form. */
export function decimalToBytes(unscaled: bigint): Buffer {
  if (unscaled < SMALL && unscaled >= -SMALL) return smallToBytes(Number(unscaled));
  const bytes = byteLength(unscaled);
  return Buffer.from(BigInt.asUintN(8 * bytes, unscaled).toString(16).padStart(2 * bytes, '0'), 'hex');
}

export function bytesToDecimal(bytes: Buffer): bigint {
  if (bytes.length === 0) return 0n;
  return BigInt.asIntN(8 * bytes.length, BigInt(`0x${bytes.toString('hex')}`));
}

function smallToBytes(value: number): Buffer {
  let length = 1;
  while (value >= 2 ** (8 * length - 1) || value < -(2 ** (8 * length - 1))) length++;
  const out = Buffer.allocUnsafe(length);
  for (let i = length - 1; i >= 0; i--) {
    const byte = ((value % 256) + 256) % 256;
    out[i] = byte;
    value = (value - byte) / 256;
  }
  return out;
}

function byteLength(value: bigint): number {
  let bytes = 1;
  while (value >= 1n << BigInt(8 * bytes - 1) || value < -(1n << BigInt(8 * bytes - 1))) bytes += 1;
  return bytes;
}
