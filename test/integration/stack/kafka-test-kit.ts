import { randomBytes } from 'node:crypto';
import type { KafkaJS } from '@confluentinc/kafka-javascript';
import type { SchemaRegistryClient } from '@confluentinc/schemaregistry';
import { stackEndpoints } from '../../../config/stack-endpoints.ts';
import { waitUntil } from '../../../stack/wait.ts';

/** Helpers the stack's Kafka, registry and Connect tests share. */

export const endpoints = stackEndpoints();

/** A name no other test run uses: `<prefix>.<8 hex>`. */
export function uniqueName(prefix: string): string {
  return `${prefix}.${randomBytes(4).toString('hex')}`;
}

/** The record values of the first `count` records of `topic`, read from its start by a fresh group. */
export async function consumeValues(kafka: KafkaJS.Kafka, topic: string, count: number, timeoutMs = 60_000): Promise<Buffer[]> {
  const consumer = kafka.consumer({ kafkaJS: { groupId: uniqueName('test.group'), fromBeginning: true } });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic] });
    const values: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${values.length} of ${count} records arrived on ${topic} within ${timeoutMs / 1000}s`)), timeoutMs);
      consumer
        .run({
          eachMessage: async ({ message }: KafkaJS.EachMessagePayload) => {
            if (message.value !== null) values.push(message.value);
            if (values.length >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
    return values;
  } finally {
    await consumer.disconnect();
  }
}

/** Removes the subjects a test registered (soft, then permanently), skipping any it never got to register. */
export async function deleteSubjects(registry: SchemaRegistryClient, subjects: readonly string[]): Promise<void> {
  const existing = await registry.getAllSubjects();
  for (const subject of subjects.filter((s) => existing.includes(s))) {
    await registry.deleteSubject(subject, false);
    await registry.deleteSubject(subject, true);
  }
}

export interface ConnectAnswer<T = unknown> {
  readonly status: number;
  readonly body: T;
}

/** One call of the Connect worker's REST API. */
export async function connectApi<T = unknown>(method: 'GET' | 'PUT' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<ConnectAnswer<T>> {
  const response = await fetch(`${endpoints.connect.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
}

export interface ConnectorStatus {
  readonly connector: { readonly state: string; readonly trace?: string };
  readonly tasks: readonly { readonly id: number; readonly state: string; readonly trace?: string }[];
}

/** Creates (or replaces) a connector and waits until it and all its tasks are RUNNING. */
export async function runConnector(name: string, config: Readonly<Record<string, string>>): Promise<ConnectorStatus> {
  const created = await connectApi('PUT', `/connectors/${name}/config`, config);
  if (created.status !== 201 && created.status !== 200) throw new Error(`PUT /connectors/${name}/config answered ${created.status}: ${JSON.stringify(created.body)}`);
  let last: ConnectorStatus | undefined;
  const running = await waitUntil(async () => {
    const answer = await connectApi<ConnectorStatus>('GET', `/connectors/${name}/status`);
    last = answer.status === 200 ? answer.body : undefined;
    return last !== undefined && last.connector.state === 'RUNNING' && last.tasks.length > 0 && last.tasks.every((task) => task.state === 'RUNNING');
  }, 60_000);
  if (!running || last === undefined) throw new Error(`connector ${name} did not reach RUNNING: ${JSON.stringify(last)}`);
  return last;
}

export async function deleteConnector(name: string): Promise<void> {
  await connectApi('DELETE', `/connectors/${name}`);
}
