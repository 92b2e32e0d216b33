import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';

/** What a broker said about its cluster in one Metadata round trip. */
export interface KafkaClusterView {
  readonly brokers: number;
  readonly controllerId: number;
  readonly clusterId: string | null;
}

// Metadata v4 (the oldest Kafka 4 still serves), non-flexible: request header v1, response header v0.
const METADATA_API_KEY = 3;
const METADATA_VERSION = 4;
const CLIENT_ID = 'medallion-stack-probe';

function metadataRequest(correlationId: number): Buffer {
  const clientId = Buffer.from(CLIENT_ID);
  const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length + 4 + 1);
  let at = body.writeInt16BE(METADATA_API_KEY, 0);
  at = body.writeInt16BE(METADATA_VERSION, at);
  at = body.writeInt32BE(correlationId, at);
  at = body.writeInt16BE(clientId.length, at);
  at += clientId.copy(body, at);
  at = body.writeInt32BE(0, at); // topics: none, only the brokers
  body.writeInt8(0, at); // allow_auto_topic_creation: false
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

/** Reads the fields this probe needs from a Metadata v4 response body (after the correlation id). */
function parseMetadata(body: Buffer): KafkaClusterView {
  let at = 4; // throttle_time_ms
  const readString = (): string | null => {
    const length = body.readInt16BE(at);
    at += 2;
    if (length < 0) return null;
    const value = body.toString('utf8', at, at + length);
    at += length;
    return value;
  };
  const brokers = body.readInt32BE(at);
  at += 4;
  for (let i = 0; i < brokers; i++) {
    at += 4; // node_id
    readString(); // host
    at += 4; // port
    readString(); // rack
  }
  const clusterId = readString();
  const controllerId = body.readInt32BE(at);
  return { brokers, controllerId, clusterId };
}

/**
 * One Metadata request to the broker at host:port over plain TCP (no client library, so it is
 * cheap enough for a health check). Resolves with what the broker reports, or undefined when it
 * does not answer in time or answers with something else.
 */
export function probeKafka(host: string, port: number, timeoutMs = 2_000): Promise<KafkaClusterView | undefined> {
  return new Promise((resolve) => {
    const correlationId = Math.floor(Math.random() * 2 ** 31);
    const socket = net.connect({ host, port });
    let received = Buffer.alloc(0);
    const finish = (view: KafkaClusterView | undefined): void => {
      socket.destroy();
      resolve(view);
    };
    socket.setTimeout(timeoutMs, () => finish(undefined));
    socket.once('error', () => finish(undefined));
    socket.once('connect', () => socket.write(metadataRequest(correlationId)));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 4 || received.length < 4 + received.readInt32BE(0)) return;
      try {
        const response = received.subarray(4, 4 + received.readInt32BE(0));
        finish(response.readInt32BE(0) === correlationId ? parseMetadata(response.subarray(4)) : undefined);
      } catch {
        finish(undefined);
      }
    });
  });
}

/**
 * Whether a TLS handshake with the broker at host:port succeeds, its certificate checked against
 * the CA file (the system's CAs when none is given): a secure listener's cheapest sign of life.
 */
export function probeKafkaTls(host: string, port: number, caFile: string | undefined, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host, port, ...(caFile === undefined ? {} : { ca: readFileSync(caFile) }) });
    const finish = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('secureConnect', () => finish(socket.authorized));
  });
}

/**
 * Whether the first bootstrap server answers, as its clients reach it (librdkafka's settings):
 * a Metadata request over plain TCP, or a TLS handshake when they go through TLS.
 */
export async function kafkaAnswers(kafka: { readonly bootstrapServers: string; readonly settings: Readonly<Record<string, string>> }): Promise<boolean> {
  const first = kafka.bootstrapServers.split(',')[0] ?? '';
  const at = first.lastIndexOf(':');
  const [host, port] = [first.slice(0, at), Number(first.slice(at + 1))];
  if ((kafka.settings['security.protocol'] ?? '').toUpperCase().includes('SSL')) return probeKafkaTls(host, port, kafka.settings['ssl.ca.location']);
  return (await probeKafka(host, port)) !== undefined;
}
