import { TransportError, unavailable } from '../../../transport/transport-error.ts';
import { describe, expect, it } from 'vitest';
import { brokenConstraint, classify } from '../../../warehouse/sink/sql-state.ts';
import { WarehouseError } from '../../../warehouse/warehouse-error.ts';

const pgError = (code: string, fields: Record<string, string> = {}): Error => Object.assign(new Error(`sqlstate ${code}`), { code, ...fields });

describe('what a failed statement means for the sink', () => {
  it.each([
    ['23514', 'bad-record'], // check_violation
    ['23502', 'bad-record'], // not_null_violation
    ['22003', 'bad-record'], // numeric_value_out_of_range
    ['08006', 'transient'], // connection_failure
    ['57P01', 'transient'], // admin_shutdown
    ['57P03', 'transient'], // cannot_connect_now
    ['55000', 'transient'], // database not accepting connections
    ['40001', 'transient'], // serialization_failure
    ['53300', 'transient'], // too_many_connections
    ['42P01', 'fatal'], // undefined_table
    ['42501', 'fatal'], // insufficient_privilege
    ['28P01', 'fatal'], // invalid_password
  ])('SQLSTATE %s is %s', (code, failure) => {
    expect(classify(pgError(code))).toBe(failure);
  });

  it('retries socket errors and pg\'s lost-connection errors', () => {
    expect(classify(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe('transient');
    expect(classify(new Error('Connection terminated unexpectedly'))).toBe('transient');
    expect(classify(new Error('Client has encountered a connection error and is not queryable'))).toBe('transient');
  });

  it('retries Kafka unreachable for now, but not Kafka refusing a record, the sink\'s own refusals or a bug', () => {
    expect(classify(unavailable('sending dead letters', '127.0.0.1:9092', 'Local: Timed out'))).toBe('transient');
    expect(classify(new TransportError('kafka-failed', 'a record is larger than the broker accepts', 'send smaller records'))).toBe('fatal');
    expect(classify(Object.assign(new Error('fenced'), { domain: 'transport', code: 'fenced' }))).toBe('fatal');
    expect(classify(new WarehouseError('sink-already-running', 'another sink', 'stop it'))).toBe('fatal');
    expect(classify(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe('fatal');
  });

  it('names the constraint a record broke, or the NOT NULL column', () => {
    expect(brokenConstraint(pgError('23514', { constraint: 'fact_sales_quantity_positive' }), 'fact_sales')).toEqual({ constraint: 'fact_sales_quantity_positive', column: null });
    expect(brokenConstraint(pgError('23502', { column: 'channel' }), 'fact_sales')).toEqual({ constraint: 'fact_sales_channel_not_null', column: 'channel' });
    expect(brokenConstraint(pgError('22003'), 'fact_sales')).toEqual({ constraint: 'sqlstate 22003', column: null });
  });
});
