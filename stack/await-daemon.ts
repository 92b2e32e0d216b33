import { isAlive, logTail } from './process-supervisor.ts';
import type { StackContext } from './service.ts';
import { StackError } from './stack-error.ts';
import { waitUntil } from './wait.ts';

/**
 * Waits until a just-spawned daemon passes `ready`. Fails at once, with the log
 * tail, if the process exits meanwhile, and after `timeoutMs` if it never passes.
 */
export async function awaitDaemon(
  ctx: StackContext,
  service: string,
  pid: number,
  ready: () => Promise<boolean>,
  options: { readonly timeoutMs: number; readonly fix: string },
): Promise<void> {
  let exited = false;
  const passed = await waitUntil(async () => {
    exited = !isAlive(pid);
    return exited || ready();
  }, options.timeoutMs);
  if (exited) {
    throw new StackError('start-failed', service, `the server exited while starting:\n${logTail(ctx, service)}`, options.fix);
  }
  if (!passed) {
    throw new StackError('unhealthy', service, `the server did not become ready within ${options.timeoutMs / 1000}s:\n${logTail(ctx, service)}`, options.fix);
  }
}
