import type { StackEvent } from '../stack/service.ts';

/** A stack event as `medallion stack up` prints it. */
export function stackEventLine(event: StackEvent): string {
  switch (event.kind) {
    case 'step':
      return `  ${event.service.padEnd(9)} ${event.message}`;
    case 'ready':
      return `✔ ${event.service.padEnd(9)} ${event.address}${event.seconds > 0 ? `  (${event.seconds.toFixed(1)}s)` : '  (already running)'}`;
    case 'stopped':
      return `■ ${event.service} stopped`;
  }
}
