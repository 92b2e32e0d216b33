import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stackHome, stackDirs } from '../../../config/paths.ts';
import { LOOPBACK, resolvePorts } from '../../../config/ports.ts';
import { stackEndpoints } from '../../../config/stack-endpoints.ts';
import { daemonPid, isAlive } from '../../../stack/process-supervisor.ts';
import type { StackContext } from '../../../stack/service.ts';
import { kafka } from '../../../stack/services/kafka.ts';
import { secureHome } from '../../../stack/stack.ts';
import { freePort } from '../../../stack/wait.ts';
import type { KafkaConnection } from '../../../transport/kafka/kafka-config.ts';

/**
 * A Kafka broker of the test's own (the stack's Kafka build, its own ports, log
 * dir and pid file under a temporary folder), so that a test can kill and
 * restart it without taking the shared stack's broker from anyone else.
 */
export interface PrivateBroker {
  readonly bootstrapServers: string;
  /** How its clients reach it: with `secure`, over SASL_SSL with its home's login and CA. */
  readonly kafka: KafkaConnection;
  /** kill -9, as a crash or a pulled cable: no clean shutdown, clients see the connection drop. */
  kill(): Promise<void>;
  /** Starts it again on the same ports and log dir, and waits until it answers. */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  close(): Promise<void>;
}

/** `secure`: a broker as `stack up --secure` starts it (SASL_SSL only, SCRAM-SHA-512, a CA made in its folder). */
export async function privateBroker(options: { readonly secure?: boolean } = {}): Promise<PrivateBroker> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'medallion-broker-'));
  const shared = stackDirs(stackHome());
  const [port, controller] = [await freePort(), await freePort()];
  const ctx: StackContext = {
    // The classpath is the stack's (fetched by stack up); everything the broker writes is the test's.
    dirs: { home, lib: shared.lib, data: path.join(home, 'data'), logs: path.join(home, 'logs'), run: path.join(home, 'run') },
    ports: { ...resolvePorts(), kafka: port, kafkaController: controller },
    report: () => {},
  };
  if (options.secure === true) secureHome(ctx);
  await kafka.start(ctx);
  return {
    bootstrapServers: `${LOOPBACK}:${port}`,
    kafka: stackEndpoints(ctx.ports, home).kafka,
    async kill() {
      const pid = daemonPid(ctx, 'kafka');
      if (pid === undefined) return;
      // The daemon leads its own process group.
      process.kill(-pid, 'SIGKILL');
      while (isAlive(pid)) await sleep(50);
    },
    start: () => kafka.start(ctx),
    async close() {
      await kafka.stop(ctx);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
