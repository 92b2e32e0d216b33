import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectorError } from './connector-error.ts';

/** The states Connect reports for a connector and for each task. */
export const CONNECT_STATES = ['UNASSIGNED', 'RUNNING', 'PAUSED', 'STOPPED', 'FAILED', 'RESTARTING'] as const;
export type ConnectState = (typeof CONNECT_STATES)[number];

export interface TaskStatus {
  readonly id: number;
  readonly state: ConnectState;
  readonly worker_id: string;
  /** The stack trace of a FAILED task. */
  readonly trace?: string;
}

export interface ConnectorStatus {
  readonly name: string;
  readonly type?: 'source' | 'sink';
  readonly connector: { readonly state: ConnectState; readonly worker_id: string; readonly trace?: string };
  readonly tasks: readonly TaskStatus[];
}

/** The answer of PUT /connector-plugins/{class}/config/validate. */
export interface ConfigValidation {
  readonly error_count: number;
  readonly configs: readonly {
    readonly definition: { readonly name: string };
    readonly value: { readonly name: string; readonly value: string | null; readonly errors: readonly string[] };
  }[];
}

type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';

// Connect answers 409 while its group rebalances; the request is fine to repeat then.
const REBALANCE_RETRIES = 10;
const REBALANCE_PAUSE_MS = 500;

/** The Kafka Connect REST API of one worker (or cluster), as the connectors commands use it. */
export class ConnectClient {
  constructor(
    readonly url: string,
    private readonly timeoutMs = 60_000,
  ) {}

  async connectors(): Promise<string[]> {
    return (await this.call<string[]>('GET', '/connectors')).body ?? [];
  }

  /** The connector's stored config (placeholders as written), or undefined when there is no such connector. */
  async config(name: string): Promise<Record<string, string> | undefined> {
    return (await this.call<Record<string, string>>('GET', `/connectors/${encodeURIComponent(name)}/config`, undefined, [404])).body;
  }

  async status(name: string): Promise<ConnectorStatus | undefined> {
    return (await this.call<ConnectorStatus>('GET', `/connectors/${encodeURIComponent(name)}/status`, undefined, [404])).body;
  }

  /** Connect's own check of a config: each key's errors (it resolves ${env:…} references first, and tries the connection). */
  async validate(connectorClass: string, name: string, config: Readonly<Record<string, string>>): Promise<ConfigValidation> {
    const answer = await this.call<ConfigValidation>('PUT', `/connector-plugins/${encodeURIComponent(connectorClass)}/config/validate`, { ...config, name }, [404]);
    if (answer.body === undefined) {
      throw new ConnectorError('invalid-config', `connector ${name}: the worker at ${this.url} has no plugin ${connectorClass}`, 'install the plugin on the worker (the local stack has the classes in stack/services/connect.ts CONNECT_PLUGINS), or correct connector.class', {
        connector: name,
        key: 'connector.class',
        value: connectorClass,
      });
    }
    return answer.body;
  }

  /** Creates or updates; says which. */
  async putConfig(name: string, config: Readonly<Record<string, string>>): Promise<'created' | 'updated'> {
    const answer = await this.call('PUT', `/connectors/${encodeURIComponent(name)}/config`, config);
    return answer.status === 201 ? 'created' : 'updated';
  }

  /** Restarts the connector and its FAILED tasks only; false when there is no such connector. */
  async restartFailed(name: string): Promise<boolean> {
    const answer = await this.call('POST', `/connectors/${encodeURIComponent(name)}/restart?includeTasks=true&onlyFailed=true`, undefined, [404]);
    return answer.status !== 404;
  }

  async pause(name: string): Promise<boolean> {
    return (await this.call('PUT', `/connectors/${encodeURIComponent(name)}/pause`, undefined, [404])).status !== 404;
  }

  async resume(name: string): Promise<boolean> {
    return (await this.call('PUT', `/connectors/${encodeURIComponent(name)}/resume`, undefined, [404])).status !== 404;
  }

  /** Stops the connector and its tasks, keeping its config and offsets; false when there is no such connector. */
  async stop(name: string): Promise<boolean> {
    return (await this.call('PUT', `/connectors/${encodeURIComponent(name)}/stop`, undefined, [404])).status !== 404;
  }

  /** Creates the connector in the STOPPED state, so its offsets can be reset before it ever runs. */
  async createStopped(name: string, config: Readonly<Record<string, string>>): Promise<void> {
    await this.call('POST', '/connectors', { name, config, initial_state: 'STOPPED' });
  }

  /** Forgets a stopped connector's offsets (a source starts over); 'not-stopped' until the stop has taken effect. */
  async resetOffsets(name: string): Promise<'reset' | 'not-stopped' | 'absent'> {
    const { status } = await this.call('DELETE', `/connectors/${encodeURIComponent(name)}/offsets`, undefined, [400, 404]);
    return status === 404 ? 'absent' : status === 400 ? 'not-stopped' : 'reset';
  }

  async delete(name: string): Promise<boolean> {
    return (await this.call('DELETE', `/connectors/${encodeURIComponent(name)}`, undefined, [404])).status !== 404;
  }

  private async call<T>(method: Method, path: string, body?: unknown, tolerated: readonly number[] = []): Promise<{ status: number; body: T | undefined }> {
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(`${this.url}${path}`, {
          method,
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          signal: AbortSignal.timeout(this.timeoutMs),
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (error) {
        throw new ConnectorError(
          'connect-unreachable',
          `Kafka Connect at ${this.url} does not answer ${method} ${path}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`,
          'start it (medallion stack up connect), or point MEDALLION_CONNECT_URL at your Connect cluster',
          {},
          { cause: error },
        );
      }
      const text = await response.text();
      if (response.status === 409 && attempt < REBALANCE_RETRIES) {
        await sleep(REBALANCE_PAUSE_MS);
        continue;
      }
      if (response.ok || tolerated.includes(response.status)) {
        return { status: response.status, body: response.ok && text !== '' ? (JSON.parse(text) as T) : undefined };
      }
      const message = (() => {
        try {
          return (JSON.parse(text) as { message?: string }).message ?? text;
        } catch {
          return text;
        }
      })();
      throw new ConnectorError('connect-refused', `Kafka Connect at ${this.url} refused ${method} ${path} (${response.status}): ${message}`, 'correct what the message names and run the command again');
    }
  }
}
