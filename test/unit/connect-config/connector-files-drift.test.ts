import { describe, expect, it } from 'vitest';
import { resolveConnections } from '../../../config/connections.ts';
import { apicurioAvroConverter, CONVERTER_ROLES } from '../../../connect-config/avro-converter.ts';
import { loadConnectorSpecs } from '../../../connect-config/connector-files.ts';
import { placeholderValues } from '../../../connect-config/placeholders.ts';
import { CDC_TABLES, CDC_TOPIC_PREFIX } from '../../../processors/mysql-cdc/cdc-topics.ts';
import { stackEndpoints } from '../../../config/stack-endpoints.ts';
import { stackHome } from '../../../config/paths.ts';
import { resolvePorts } from '../../../config/ports.ts';

// The files and the expected settings both from the defaults, whatever MEDALLION_* the shell sets.
const defaults = {};
const specs = loadConnectorSpecs(placeholderValues(resolveConnections(defaults)));
const cdc = specs.find((spec) => spec.name === 'mysql-cdc')!;

describe('the connector files agree with the code that reads their output', () => {
  it('write and read Avro with the converter settings the wire-format test proves', () => {
    const registry = stackEndpoints(resolvePorts(defaults), stackHome(defaults)).registry;
    let checked = 0;
    for (const spec of specs) {
      for (const role of CONVERTER_ROLES) {
        if (spec.config[`${role}.converter`] !== apicurioAvroConverter(registry, role)[`${role}.converter`]) continue;
        const settings = Object.fromEntries(Object.entries(spec.config).filter(([key]) => key.startsWith(`${role}.converter`)));
        expect(settings, `${spec.file} ${role}.converter.*`).toEqual(apicurioAvroConverter(registry, role));
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(2);
  });

  it('name the change topics the MySQL adapter reads: cdc.<database>.<table> for each captured table', () => {
    expect(cdc.config['topic.prefix']).toBe(CDC_TOPIC_PREFIX);
    expect(cdc.config['table.include.list']?.split(',')).toEqual(CDC_TABLES.map((table) => `operational\\.${table}`));
  });
});
