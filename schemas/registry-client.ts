import { SchemaRegistryClient } from '@confluentinc/schemaregistry';
import type { Connections } from '../config/connections.ts';

/** A Confluent-compatible registry client for the configured registry (Apicurio's ccompat API locally). */
export function registryClient(registry: Connections['registry']): SchemaRegistryClient {
  return new SchemaRegistryClient({
    baseURLs: [registry.url],
    ...(registry.basicAuth ? { basicAuthCredentials: { credentialsSource: 'USER_INFO' as const, userInfo: `${registry.basicAuth.user}:${registry.basicAuth.password}` } } : {}),
  });
}
