import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConnectorError } from './connector-error.ts';
import { resolvePlaceholders, type PlaceholderValues } from './placeholders.ts';
import { assertSecretsReferenced } from './secret-keys.ts';

/** The folder of the project's connector files: one `<name>.json` per connector. */
export const CONNECT_CONFIG_DIR = fileURLToPath(new URL('.', import.meta.url));

/** A connector as the files say it should run, placeholders resolved. */
export interface ConnectorSpec {
  readonly name: string;
  readonly file: string;
  readonly config: Readonly<Record<string, string>>;
}

// Connect's rule for names it can put in a URL path without surprises.
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Reads every `*.json` of `dir`: `{ "name", "doc"?, "config" }`, the name equal to
 * the file's, every config value a string (as Connect stores them, so a plan
 * compares like with like), `{{…}}` placeholders resolved, secrets only as references.
 */
export function loadConnectorSpecs(values: PlaceholderValues, dir: string = CONNECT_CONFIG_DIR): ConnectorSpec[] {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort();
  return files.map((name) => readSpec(path.join(dir, name), values));
}

function readSpec(file: string, values: PlaceholderValues): ConnectorSpec {
  const shown = path.relative(process.cwd(), file) || file;
  const expected = path.basename(file, '.json');
  const bad = (message: string, fix: string, key?: string): ConnectorError => new ConnectorError('bad-file', `${shown}: ${message}`, fix, { connector: expected, ...(key === undefined ? {} : { key }) });
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw bad(`is not valid JSON (${(error as Error).message})`, 'fix the JSON syntax');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw bad('is not a JSON object', 'write { "name": …, "config": { … } }');
  const { name, config, doc, ...rest } = parsed as Record<string, unknown>;
  const [stray] = Object.keys(rest);
  if (stray !== undefined) throw bad(`has the top-level key "${stray}"; a connector file holds only name, doc and config`, `move "${stray}" into "config", or remove it`, stray);
  if (name !== expected || !NAME.test(expected)) {
    throw bad(`its name ${JSON.stringify(name)} must equal the file's name "${expected}" (letters, digits, . _ -)`, `set "name": "${expected}", or rename the file to <name>.json`, 'name');
  }
  if (doc !== undefined && typeof doc !== 'string') throw bad('"doc" must be a string', 'describe the connector in one string, or remove "doc"', 'doc');
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw bad('"config" must be an object of string values', 'write "config": { "connector.class": …, … }', 'config');
  const resolved: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (typeof value !== 'string') throw bad(`config key ${key} is ${JSON.stringify(value)}; Connect stores every value as a string`, `write "${key}": "${String(value)}"`, key);
    if (key === 'name') throw bad('config repeats the name', 'remove "name" from "config": the top-level "name" is the connector\'s name', key);
    resolved[key] = resolvePlaceholders(value, values, { file: shown, connector: expected, key });
  }
  if (resolved['connector.class'] === undefined) throw bad('config has no connector.class', 'name the connector plugin class, e.g. "connector.class": "io.debezium.connector.mariadb.MariaDbConnector"', 'connector.class');
  assertSecretsReferenced(shown, expected, resolved);
  return { name: expected, file: shown, config: resolved };
}
