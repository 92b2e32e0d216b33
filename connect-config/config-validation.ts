import type { ConnectClient, ConfigValidation } from './connect-client.ts';
import type { ConfigProblem } from './connector-error.ts';
import type { ConnectorSpec } from './connector-files.ts';
import { shownValue } from './secret-keys.ts';

/**
 * Keys Connect does not list in a validation yet passes on to a plugin or client,
 * by prefix. Any other key the validation does not define is a mistake (Connect
 * itself ignores it silently, so a misspelt key would otherwise just not apply).
 */
const PASS_THROUGH_PREFIXES = [
  // Connect: converter, transform and predicate settings, topic creation, client overrides.
  'key.converter.',
  'value.converter.',
  'header.converter.',
  'transforms.',
  'predicates.',
  'topic.creation.',
  'producer.override.',
  'consumer.override.',
  'admin.override.',
  // Debezium: the schema history's Kafka clients, JDBC driver properties, connection pool settings.
  'schema.history.internal.',
  'driver.',
  'hibernate.',
] as const;

/** Every problem Connect and the key check find in one connector's config (none: it may be applied). */
export async function validateSpec(client: ConnectClient, spec: ConnectorSpec): Promise<ConfigProblem[]> {
  return configProblems(spec, await client.validate(spec.config['connector.class'] ?? '', spec.name, spec.config));
}

/** The errors Connect's validation reports on each key, then the keys the plugin does not define. */
export function configProblems(spec: ConnectorSpec, validation: ConfigValidation): ConfigProblem[] {
  return [...connectProblems(spec, validation), ...unknownKeys(spec, validation)];
}

function connectProblems(spec: ConnectorSpec, validation: ConfigValidation): ConfigProblem[] {
  return validation.configs.flatMap(({ value }) =>
    value.errors.map((message) => ({ connector: spec.name, key: value.name, value: shownOf(spec, value.name), message })),
  );
}

function unknownKeys(spec: ConnectorSpec, validation: ConfigValidation): ConfigProblem[] {
  const defined = new Set(validation.configs.map((entry) => entry.definition.name));
  // Debezium's custom converters (`converters=a,b`) take their settings under `a.`, `b.`.
  const named = (spec.config.converters ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '').map((name) => `${name}.`);
  const prefixes = [...PASS_THROUGH_PREFIXES, ...named];
  return Object.keys(spec.config)
    .filter((key) => !defined.has(key) && !prefixes.some((prefix) => key.startsWith(prefix)))
    .map((key) => {
      const near = closest(key, [...defined]);
      return {
        connector: spec.name,
        key,
        value: shownOf(spec, key),
        message: `is not a setting of ${spec.config['connector.class']}${near === undefined ? '' : ` (did you mean ${near}?)`}`,
      };
    });
}

function shownOf(spec: ConnectorSpec, key: string): string | null {
  const value = spec.config[key];
  return value === undefined ? null : shownValue(key, value);
}

/** The defined key nearest to a misspelt one, if any is within a few edits. */
function closest(key: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 4)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(key, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
