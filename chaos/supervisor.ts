import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProcessKind } from './schedule.ts';

const CLI = new URL('../cli/bin/medallion.cjs', import.meta.url).pathname;
// A stopped process has this long to finish its batch before it is killed.
const STOP_GRACE_MS = 20_000;
// A process that exited by itself is started again after this pause, as a container's restart policy would.
const SELF_EXIT_RESTART_MS = 1_000;

/** How to run one kind of process: the CLI command a container of the split deployment runs, and its environment. */
export interface ProcessSpec {
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

interface Running {
  readonly child: ChildProcess;
  readonly exited: Promise<unknown>;
}

/**
 * Runs each kind of the pipeline's processes as a CLI child process of its own
 * (own process group, output appended to <logs>/<kind>.log), kills and
 * restarts them on request, and restarts one that exits by itself, counting it:
 * a process should wait out an outage, not exit.
 */
export class Supervisor {
  private readonly running = new Map<ProcessKind, Running>();
  /** Kinds the harness has taken down on purpose: their exit is no self-exit. */
  private readonly down = new Set<ProcessKind>();
  private stopping = false;
  /** The kinds that exited by themselves, once per exit. */
  readonly selfExits: ProcessKind[] = [];

  constructor(
    private readonly specs: Readonly<Record<ProcessKind, ProcessSpec>>,
    private readonly logs: string,
  ) {
    mkdirSync(logs, { recursive: true });
  }

  start(kind: ProcessKind): void {
    this.down.delete(kind);
    const spec = this.specs[kind];
    const log = openSync(path.join(this.logs, `${kind}.log`), 'a');
    let child: ChildProcess;
    try {
      child = spawn(process.execPath, [CLI, ...spec.args], { env: { ...process.env, ...spec.env }, detached: true, stdio: ['ignore', log, log] });
    } finally {
      closeSync(log);
    }
    const exited = once(child, 'exit').then(() => {
      if (this.running.get(kind)?.child !== child) return;
      this.running.delete(kind);
      if (this.stopping || this.down.has(kind)) return;
      this.selfExits.push(kind);
      setTimeout(() => {
        if (!this.stopping && !this.down.has(kind) && !this.running.has(kind)) this.start(kind);
      }, SELF_EXIT_RESTART_MS);
    });
    this.running.set(kind, { child, exited });
  }

  /** kill -9 of the kind's whole process group; it stays down until `start`. */
  async kill(kind: ProcessKind): Promise<void> {
    this.down.add(kind);
    const running = this.running.get(kind);
    if (running === undefined) return;
    this.signal(kind, 'SIGKILL');
    await running.exited;
  }

  /** Sends a signal to the kind's process group (SIGSTOP and SIGCONT make and end a zombie). */
  signal(kind: ProcessKind, signal: NodeJS.Signals): void {
    const pid = this.running.get(kind)?.child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // Gone already: its exit handler restarts it.
    }
  }

  /** Stops every process as a container stop does (SIGTERM, then SIGKILL after a grace period). */
  async stopAll(): Promise<void> {
    this.stopping = true;
    const all = [...this.running.entries()];
    for (const [kind] of all) {
      this.signal(kind, 'SIGCONT');
      this.signal(kind, 'SIGTERM');
    }
    await Promise.all(
      all.map(async ([kind, { exited }]) => {
        if ((await Promise.race([exited.then(() => true), sleep(STOP_GRACE_MS).then(() => false)])) === false) {
          this.signal(kind, 'SIGKILL');
          await exited;
        }
      }),
    );
  }
}
