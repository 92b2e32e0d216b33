import { describe, expect, it } from 'vitest';
import type { ConfigValidation } from '../../../connect-config/connect-client.ts';
import { configProblems } from '../../../connect-config/config-validation.ts';
import type { ConnectorSpec } from '../../../connect-config/connector-files.ts';

// The shape of Connect's answer to PUT /connector-plugins/{class}/config/validate, trimmed to a few keys.
function validation(defined: readonly string[], errors: Readonly<Record<string, string>> = {}): ConfigValidation {
  const configs = defined.map((name) => ({ definition: { name }, value: { name, value: null, errors: errors[name] === undefined ? [] : [errors[name]] } }));
  return { error_count: Object.keys(errors).length, configs };
}

const defined = ['name', 'connector.class', 'tasks.max', 'key.converter', 'value.converter', 'transforms', 'converters', 'database.hostname', 'database.password', 'snapshot.mode'];

function spec(config: Record<string, string>): ConnectorSpec {
  return { name: 'cdc', file: 'cdc.json', config: { 'connector.class': 'io.debezium.connector.mariadb.MariaDbConnector', ...config } };
}

describe("a connector config's problems", () => {
  it("are Connect's errors, each on its key with the value as written", () => {
    const problems = configProblems(spec({ 'snapshot.mode': 'sometimes' }), validation(defined, { 'snapshot.mode': 'Value must be one of always, initial' }));
    expect(problems).toEqual([{ connector: 'cdc', key: 'snapshot.mode', value: 'sometimes', message: 'Value must be one of always, initial' }]);
  });

  it('include a key the plugin does not define, with the defined key it was probably meant to be', () => {
    const [problem] = configProblems(spec({ 'databse.hostname': 'db' }), validation(defined));
    expect(problem).toEqual({ connector: 'cdc', key: 'databse.hostname', value: 'db', message: 'is not a setting of io.debezium.connector.mariadb.MariaDbConnector (did you mean database.hostname?)' });
    expect(configProblems(spec({ 'heartbeat.topic.name.suffix': 'x' }), validation(defined))[0]?.message).not.toContain('did you mean');
  });

  it('pass settings Connect hands on to converters, transforms, clients and custom converters', () => {
    const config = spec({
      'value.converter.apicurio.registry.url': 'http://registry/apis/registry/v2',
      'transforms.table.regex': 'gold\\.(.+)',
      'topic.creation.default.partitions': '1',
      'consumer.override.isolation.level': 'read_committed',
      'schema.history.internal.kafka.topic': 'history',
      converters: 'boolean',
      'boolean.type': 'io.debezium.connector.binlog.converters.TinyIntOneToBooleanConverter',
    });
    expect(configProblems(config, validation(defined))).toEqual([]);
  });

  it('mask a secret written as a literal value', () => {
    const problems = configProblems(spec({ 'database.password': 'hunter2' }), validation(defined, { 'database.password': 'Access denied' }));
    expect(problems[0]?.value).toBe('********');
  });
});
