import avro from 'avsc';
import { bytesToDecimal, decimalToBytes, formatDecimal, parseDecimal, type DecimalSpec } from './decimal.ts';

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

  override _fromValue(value: Buffer): string {
    return formatDecimal(bytesToDecimal(value), this.spec.scale);
  }

  override _toValue(value: unknown): Buffer | undefined {
    if (typeof value !== 'string') return undefined;
    const unscaled = parseDecimal(value, this.spec);
    return unscaled === undefined ? undefined : decimalToBytes(unscaled);
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

class DateType extends avro.types.LogicalType {
  override _fromValue(value: number): string {
    return new Date(value * DAY_MS).toISOString().slice(0, 10);
  }

  override _toValue(value: unknown): number | undefined {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
    const ms = Date.parse(`${value}T00:00:00Z`);
    return Number.isNaN(ms) ? undefined : ms / DAY_MS;
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
