import avro from 'avsc';
import { bytesToDecimalText, decimalTextToBytes, type DecimalSpec } from './decimal.ts';

/**
 * avsc logical types for the forms our records take in TypeScript:
 * decimal ↔ exact string ("12.3400"), timestamp-millis ↔ Date, date ↔ "YYYY-MM-DD".
 * Passed to every avsc Type (the registry serializers take them as `logicalTypes`).
 */
class DecimalType extends avro.types.LogicalType {
  private readonly spec: DecimalSpec;

  constructor(schema: avro.Schema, opts?: object) {
    super(schema, opts);
    const { precision, scale = 0 } = schema as unknown as { precision: number; scale?: number };
    this.spec = { precision, scale };
  }

  // avsc converts a value in a union twice in a row (to pick the branch, then to write it): the last one is kept.
  private lastText: string | undefined;
  private lastBytes: Buffer | undefined;

  override _fromValue(value: Buffer): string {
    return bytesToDecimalText(value, this.spec.scale);
  }

  override _toValue(value: unknown): Buffer | undefined {
    if (typeof value !== 'string') return undefined;
    if (value !== this.lastText) {
      this.lastBytes = decimalTextToBytes(value, this.spec);
      this.lastText = value;
    }
    return this.lastBytes;
  }

  override _resolve(type: avro.Type): ((value: unknown) => unknown) | undefined {
    const other = type as unknown as { spec?: DecimalSpec };
    if (other.spec?.scale === this.spec.scale && other.spec.precision <= this.spec.precision) return (value) => value;
    return undefined;
  }
}

class TimestampMillisType extends avro.types.LogicalType {
  override _fromValue(value: number): Date {
    return new Date(value);
  }

  override _toValue(value: unknown): number | undefined {
    return value instanceof Date && !Number.isNaN(value.getTime()) ? value.getTime() : undefined;
  }

  override _resolve(type: avro.Type): ((value: unknown) => unknown) | undefined {
    return type instanceof TimestampMillisType ? (value) => value : undefined;
  }
}

const DAY_MS = 86_400_000;

/** Records fall on few days: each day's text and number are worked out once (up to this many, then again). */
const DAYS_KEPT = 4096;

class DateType extends avro.types.LogicalType {
  private readonly texts = new Map<number, string>();
  private readonly days = new Map<string, number | undefined>();

  override _fromValue(value: number): string {
    let text = this.texts.get(value);
    if (text === undefined) {
      if (this.texts.size >= DAYS_KEPT) this.texts.clear();
      this.texts.set(value, (text = new Date(value * DAY_MS).toISOString().slice(0, 10)));
    }
    return text;
  }

  override _toValue(value: unknown): number | undefined {
    if (typeof value !== 'string') return undefined;
    if (this.days.has(value)) return this.days.get(value);
    if (this.days.size >= DAYS_KEPT) this.days.clear();
    const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) / DAY_MS : NaN;
    const result = Number.isNaN(day) ? undefined : day;
    this.days.set(value, result);
    return result;
  }

  override _resolve(type: avro.Type): ((value: unknown) => unknown) | undefined {
    return type instanceof DateType ? (value) => value : undefined;
  }
}

export const LOGICAL_TYPES = {
  decimal: DecimalType,
  'timestamp-millis': TimestampMillisType,
  date: DateType,
} as const;

/** An avsc Type for a schema, with this project's logical types. */
export function avroType(schema: avro.Schema): avro.Type {
  return avro.Type.forSchema(schema, { logicalTypes: LOGICAL_TYPES, assertLogicalTypes: true });
}
