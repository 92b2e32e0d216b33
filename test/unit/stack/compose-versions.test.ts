import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VERSIONS } from '../../../stack/versions.ts';

const compose = readFileSync(new URL('../../../compose/docker-compose.yml', import.meta.url), 'utf8');
const packageJson = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };

function imageTag(image: string): string | undefined {
  return new RegExp(`image: ${image.replace(/[./]/g, '\\$&')}:(\\S+)`).exec(compose)?.[1];
}

// stack/versions.ts is the one place versions are pinned; compose/ must follow it.
describe('compose/docker-compose.yml', () => {
  it('runs the versions the local stack pins', () => {
    expect(imageTag('apache/kafka')).toBe(VERSIONS.kafka);
    expect(imageTag('apicurio/apicurio-registry')).toBe(VERSIONS.apicurio);
    expect(imageTag('quay.io/debezium/connect')).toBe(VERSIONS.debezium);
    expect(imageTag('mcr.microsoft.com/azure-storage/azurite')).toBe(packageJson.dependencies.azurite);
  });

  it('publishes every port on loopback only, at the stack defaults', () => {
    const published = [...compose.matchAll(/"(\S+):(\d+):\d+"/g)].map((m) => [m[1], Number(m[2])]);
    expect(published.length).toBeGreaterThan(0);
    for (const [host] of published) expect(host).toBe('127.0.0.1');
    expect(published.map(([, port]) => port)).toEqual(expect.arrayContaining([29092, 28081, 28083, 25432, 23306, 20000]));
  });
});
