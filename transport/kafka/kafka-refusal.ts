import tls from 'node:tls';
import type { KafkaConnection } from './kafka-config.ts';

/** Why the brokers will not let a client in, and what to change. */
export interface Refusal {
  readonly cause: string;
  readonly fix: string;
}

/** A refusal librdkafka's words only suggest: it stands once `confirmed` says so. */
interface Suspicion extends Refusal {
  readonly confirmed: (kafka: KafkaConnection) => Promise<boolean>;
}

const CREDENTIALS_FIX =
  'set MEDALLION_KAFKA_SASL_USERNAME and MEDALLION_KAFKA_SASL_PASSWORD to a login the brokers know (for a local stack made with `stack up --secure`, unset them: clients take the login from its home\'s secrets.json)';
const SECURE_FIX =
  'the brokers want TLS and a login: set MEDALLION_KAFKA_SECURITY_PROTOCOL=SASL_SSL, MEDALLION_KAFKA_SASL_MECHANISM (e.g. SCRAM-SHA-512), MEDALLION_KAFKA_SASL_USERNAME, MEDALLION_KAFKA_SASL_PASSWORD and MEDALLION_KAFKA_SSL_CA_LOCATION (a local secure stack sets them all for clients of its home)';
const CA_FIX = "point MEDALLION_KAFKA_SSL_CA_LOCATION at the PEM file of the CA that signed the brokers' certificates (a local secure stack's is tls/ca.pem in its home)";

/**
 * Tells a refusal from an outage in what librdkafka says while it retries (its
 * errors and log lines), as its failed requests only time out either way: a
 * refused login, a plain client at a TLS listener, a certificate it does not trust.
 */
function refusalIn(text: string, kafka: KafkaConnection): Refusal | Suspicion | undefined {
  const protocol = (kafka.settings['security.protocol'] ?? 'plaintext').toLowerCase();
  if (/SASL authentication error|authentication failure/i.test(text)) {
    const who = `user "${kafka.settings['sasl.username'] ?? ''}" with ${kafka.settings['sasl.mechanisms'] ?? 'no SASL mechanism'}`;
    return { cause: `its login (${who}) was refused: ${text.replace(/^\[thrd:[^\]]*\]: /, '')}`, fix: CREDENTIALS_FIX };
  }
  // A listener that hangs up before answering ApiVersions may want TLS, or may be a broker still starting or stopping: a TLS handshake tells which.
  if (/Disconnected.*in state APIVERSION_QUERY/.test(text) && !protocol.includes('ssl')) {
    return { cause: `it spoke ${protocol.toUpperCase()} and the brokers hung up before answering its first request: their listener wants TLS (SASL_SSL)`, fix: SECURE_FIX, confirmed: speaksTls };
  }
  if (/certificate verify failed|SSL handshake failed/i.test(text)) return { cause: `the TLS handshake with the brokers failed: ${text.replace(/^\[thrd:[^\]]*\]: /, '')}`, fix: CA_FIX };
  return undefined;
}

/** Whether the first bootstrap server completes a TLS handshake (any certificate: this only asks which protocol it speaks). */
function speaksTls(kafka: KafkaConnection): Promise<boolean> {
  const first = kafka.bootstrapServers.split(',')[0] ?? '';
  const at = first.lastIndexOf(':');
  return new Promise((resolve) => {
    const socket = tls.connect({ host: first.slice(0, at), port: Number(first.slice(at + 1)), rejectUnauthorized: false });
    const finish = (answer: boolean): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(2_000, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('secureConnect', () => finish(true));
  });
}

/** A native client's events and log lines, as far as they show the brokers refusing it. */
interface Observable {
  on(event: 'event.error' | 'event.log', listener: (event: { message: string }) => void): unknown;
}

/** The last refusal one client met, if any (a login or protocol does not change while a client runs). */
export class RefusalWatch {
  private refusal: Refusal | undefined;
  private confirming = false;

  constructor(readonly kafka: KafkaConnection) {}

  /** Handlers for librdkafka's events, for clients that take them at creation (the admin client). */
  readonly handlers = {
    'event.error': (event: { message: string }): void => this.observe(event.message),
    'event.log': (event: { message: string }): void => this.observe(event.message),
  };

  watch(native: Observable): void {
    native.on('event.error', this.handlers['event.error']);
    native.on('event.log', this.handlers['event.log']);
  }

  get current(): Refusal | undefined {
    return this.refusal;
  }

  private observe(text: string): void {
    const found = refusalIn(text, this.kafka);
    if (found === undefined) return;
    if (!('confirmed' in found)) {
      this.refusal = found;
      return;
    }
    if (this.confirming || this.refusal !== undefined) return;
    this.confirming = true;
    void found.confirmed(this.kafka).then((confirmed) => {
      this.confirming = false;
      if (confirmed) this.refusal = { cause: found.cause, fix: found.fix };
    });
  }
}
