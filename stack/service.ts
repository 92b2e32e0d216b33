import type { StackDirs } from '../config/paths.ts';
import type { Ports } from '../config/ports.ts';

export const SERVICE_NAMES = ['postgres', 'mariadb', 'azurite', 'kafka', 'registry', 'connect'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** What every service of the stack is handed: where it lives and which ports are in force. */
export interface StackContext {
  readonly dirs: StackDirs;
  readonly ports: Ports;
  /** Progress for long steps (downloads, first-time init); only the CLI prints it. */
  readonly report: (event: StackEvent) => void;
}

export type StackEvent =
  | { readonly kind: 'step'; readonly service: ServiceName; readonly message: string }
  | { readonly kind: 'ready'; readonly service: ServiceName; readonly address: string; readonly seconds: number }
  | { readonly kind: 'stopped'; readonly service: ServiceName };

export interface Health {
  readonly healthy: boolean;
  readonly detail: string;
}

/**
 * One service of the local stack. `prepare` is idempotent (downloads, first-time
 * init); `start` spawns it detached and returns once it is healthy; `stop` leaves
 * no process behind.
 */
export interface Service {
  readonly name: ServiceName;
  /** Services that must be healthy before this one starts. */
  readonly dependsOn: readonly ServiceName[];
  /** The ports this service listens on, checked free before it starts. */
  ports(ctx: StackContext): readonly number[];
  /** How clients reach it, e.g. `127.0.0.1:29092` or a URL. */
  address(ctx: StackContext): string;
  prepare(ctx: StackContext): Promise<void>;
  start(ctx: StackContext): Promise<void>;
  health(ctx: StackContext): Promise<Health>;
  stop(ctx: StackContext): Promise<void>;
  /** Brings a running service's own setup up to date (idempotent); `up` calls it whether it started the service or found it healthy. */
  ensure?(ctx: StackContext): Promise<void>;
}
