import { stackContext, stackStatus, stackUp } from '../../stack/stack.ts';
import { stackDownWithAirflow } from '../../orchestration/airflow-runner/airflow-stack.ts';
import { leaseStack, mayStopStack } from '../stack-lease.ts';

/**
 * Starts the local stack before the integration tests (a no-op when it is already
 * healthy) and stops it afterwards only if this run started it and no other run
 * is using it (test/stack-lease.ts).
 */
export default async function setup(): Promise<() => Promise<void>> {
  const ctx = stackContext((event) => {
    if (event.kind === 'step') console.log(`[stack] ${event.service}: ${event.message}`);
    if (event.kind === 'ready') console.log(`[stack] ${event.service} ready at ${event.address}`);
  });
  const release = leaseStack();
  const wasUp = (await stackStatus(ctx)).every((s) => s.health.healthy);
  await stackUp(ctx);
  return async () => {
    const others = release();
    if (!wasUp && mayStopStack(others, 'the stack')) await stackDownWithAirflow(ctx);
  };
}
