import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../config/config-error.ts';
import { resolveConnections } from '../../../config/connections.ts';
import { placeholderValues, PLACEHOLDERS, resolvePlaceholders } from '../../../connect-config/placeholders.ts';

const where = { file: 'a.json', connector: 'a', key: 'k' };

describe('connector placeholders', () => {
  it('take the systems from the MEDALLION_* settings', () => {
    const values = placeholderValues(
      resolveConnections({
        MEDALLION_MYSQL_URL: 'mysql://root:pw@db.internal:3307/shop',
        MEDALLION_WAREHOUSE_URL: 'postgres://writer:pw@pg.internal:6432/dw',
        MEDALLION_REGISTRY_URL: 'http://registry.internal:8080/apis/ccompat/v7',
        MEDALLION_KAFKA_BOOTSTRAP_SERVERS: 'k1:9092,k2:9092',
      }),
    );
    expect(values).toEqual({
      'kafka.bootstrap-servers': 'k1:9092,k2:9092',
      'registry.apicurio-url': 'http://registry.internal:8080/apis/registry/v2',
      'mysql.host': 'db.internal',
      'mysql.port': '3307',
      'mysql.database': 'shop',
      'warehouse.jdbc-url': 'jdbc:postgresql://pg.internal:6432/dw',
    });
    expect(Object.keys(values).sort()).toEqual([...PLACEHOLDERS].sort());
  });

  it('refuse a registry that is not Apicurio, naming the variable', () => {
    expect(() => placeholderValues(resolveConnections({ MEDALLION_REGISTRY_URL: 'http://registry.internal:8081' }))).toThrow(ConfigError);
    expect(() => placeholderValues(resolveConnections({ MEDALLION_REGISTRY_URL: 'http://registry.internal:8081' }))).toThrow(/MEDALLION_REGISTRY_URL/);
  });

  it('replace every occurrence in a value, spaces inside the braces allowed', () => {
    const values = placeholderValues(resolveConnections({}));
    expect(resolvePlaceholders('{{mysql.database}}\\.a,{{ mysql.database }}\\.b', values, where)).toBe('operational\\.a,operational\\.b');
    expect(resolvePlaceholders('${env:MEDALLION_X}', values, where)).toBe('${env:MEDALLION_X}');
  });
});
