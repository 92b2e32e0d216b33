import { setTimeout as sleep } from 'node:timers/promises';
import { daemonPid, isAlive } from '../stack/process-supervisor.ts';
import type { ServiceName, StackContext } from '../stack/service.ts';
import { stackDown, stackUp } from '../stack/stack.ts';
import { PROCESS_KINDS, type Fault, type ProcessKind } from './schedule.ts';
import type { Supervisor } from './supervisor.ts';

// The zombie is a processor group that holds partitions and a transactional id while it makes no progress.
const ZOMBIE_KIND: ProcessKind = 'silver';

/** kill -9 of a stack service's whole process group, as a crash of its machine would. */
async function killService(ctx: StackContext, service: ServiceName): Promise<void> {
  const pid = daemonPid(ctx, service);
  if (pid === undefined) return;
  process.kill(-pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(50);
}

/** Brings a service back with the stack's own start code (it clears what the killed one left). */
const startService = (ctx: StackContext, service: ServiceName): Promise<void> => stackUp(ctx, [service]);

/**
 * Injects one fault and undoes it: the victim is down (or stopped) for
 * `fault.downMs`, then started (or continued) again. Resolves once it is back.
 */
export async function injectFault(fault: Fault, supervisor: Supervisor, ctx: StackContext): Promise<void> {
  const processKind = PROCESS_KINDS.find((kind) => fault.kind === `kill-${kind}`);
  if (processKind !== undefined) {
    await supervisor.kill(processKind);
    await sleep(fault.downMs);
    supervisor.start(processKind);
    return;
  }
  switch (fault.kind) {
    case 'kill-connect':
    case 'kill-broker': {
      const service = fault.kind === 'kill-connect' ? 'connect' : 'kafka';
      await killService(ctx, service);
      await sleep(fault.downMs);
      await startService(ctx, service);
      return;
    }
    case 'zombie':
      supervisor.signal(ZOMBIE_KIND, 'SIGSTOP');
      await sleep(fault.downMs);
      supervisor.signal(ZOMBIE_KIND, 'SIGCONT');
      return;
    case 'postgres-outage':
    case 'mariadb-restart':
    case 'registry-restart': {
      const service = fault.kind === 'postgres-outage' ? 'postgres' : fault.kind === 'mariadb-restart' ? 'mariadb' : 'registry';
      await stackDown(ctx, [service]);
      await sleep(fault.downMs);
      await startService(ctx, service);
      return;
    }
  }
}
