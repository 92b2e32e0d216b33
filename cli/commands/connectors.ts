import { resolveConnections } from '../../config/connections.ts';
import { ConnectClient } from '../../connect-config/connect-client.ts';
import { applyConnectors } from '../../connect-config/connector-apply.ts';
import { ConnectorError } from '../../connect-config/connector-error.ts';
import type { ConnectorEvent } from '../../connect-config/connector-events.ts';
import { CONNECT_CONFIG_DIR, loadConnectorSpecs, type ConnectorSpec } from '../../connect-config/connector-files.ts';
import { planConnectors, type ConnectorPlan } from '../../connect-config/connector-plan.ts';
import { connectorStatuses } from '../../connect-config/connector-status.ts';
import { awaitRunning } from '../../connect-config/connector-wait.ts';
import { placeholderValues } from '../../connect-config/placeholders.ts';
import { shownValue } from '../../connect-config/secret-keys.ts';
import type { Command } from '../command.ts';
import { textTable } from '../../core/text-table.ts';
import { integerOption, parseOptions } from '../options.ts';
import { UsageError } from '../usage-error.ts';

const ACTIONS = ['plan', 'apply', 'status', 'restart', 'pause', 'resume', 'delete'] as const;
type Action = (typeof ACTIONS)[number];

const DEFAULT_TIMEOUT_S = 120;

const usage = `usage: medallion connectors <${ACTIONS.join('|')}> [name …] [options]

  plan [name …]       what apply would change, key by key (+ added, ~ changed, - removed)
  apply [name …]      validate every config through Connect first (nothing is applied if one
                      fails), then create or update each connector that differs and wait until
                      it and its tasks are RUNNING; exits non-zero with the trace if one FAILS
  status [name …]     each connector's and task's state, and the cause of a failure
  restart [name …]    restart failed tasks only, then wait until RUNNING
  pause [name …]      pause connectors and their tasks
  resume [name …]     resume them
  delete <name …>     delete connectors (--all: every connector of the files); topics and
                      source offsets stay

A name is a connector file connect-config/<name>.json; no name means every file.
Files may use {{placeholders}} for where the systems are (from MEDALLION_* settings);
secrets are \${env:MEDALLION_…} references the Connect worker resolves.

options:
  --dir DIR        the connector files (default ${CONNECT_CONFIG_DIR})
  --timeout S      seconds a connector gets to reach RUNNING (default ${DEFAULT_TIMEOUT_S})
  --all            with delete: every connector of the files`;

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;
const shown = (key: string, value: string | null): string => (value === null ? '' : shownValue(key, value));

function planRows(plans: readonly ConnectorPlan[]): string[][] {
  return plans.flatMap((plan): string[][] => {
    switch (plan.kind) {
      case 'create':
        return [[plan.name, 'create', `${Object.keys(plan.spec.config).length} keys`, '', '']];
      case 'update':
        return plan.changes.map((change, i) => [
          i === 0 ? plan.name : '',
          i === 0 ? 'update' : '',
          `${change.from === null ? '+' : change.to === null ? '-' : '~'} ${change.key}`,
          shown(change.key, change.from),
          shown(change.key, change.to),
        ]);
      case 'unchanged':
        return [[plan.name, 'unchanged', '', '', '']];
      case 'unmanaged':
        return [[plan.name, 'no file', '(left alone)', '', '']];
    }
  });
}

function summary(plans: readonly ConnectorPlan[]): string {
  const count = (kind: ConnectorPlan['kind']): number => plans.filter((p) => p.kind === kind).length;
  return `${count('create')} to create, ${count('update')} to update, ${count('unchanged')} unchanged`;
}

/** Prints apply's and restart's events; the wait is one line redrawn on a terminal, else a line every few seconds. */
function printer(): (event: ConnectorEvent) => void {
  const live = process.stdout.isTTY === true;
  let lastPrinted = 0;
  let drawn = false;
  const line = (text: string): void => {
    if (drawn) process.stdout.write('\r\x1b[K');
    drawn = false;
    console.log(text);
  };
  return (event) => {
    switch (event.kind) {
      case 'validated':
        if (event.problems.length === 0) line(`✔ ${event.connector}: config valid`);
        break;
      case 'planned':
        if (event.plan.kind === 'unchanged') line(`= ${event.plan.name}: unchanged`);
        if (event.plan.kind === 'update') {
          const n = event.plan.changes.length;
          line(`~ ${event.plan.name}: ${n} key${n === 1 ? ' differs' : 's differ'} (${event.plan.changes.map((c) => c.key).join(', ')})`);
        }
        break;
      case 'applied':
        line(`→ ${event.connector}: ${event.action}, waiting for RUNNING`);
        break;
      case 'waiting': {
        const status = event.status;
        const states = status === undefined ? 'no status yet' : `connector ${status.connector.state}, tasks ${status.tasks.map((t) => `${t.id} ${t.state}`).join(', ') || 'none yet'}`;
        const text = `  ${event.connector}: ${states} (${seconds(event.elapsedMs)})`;
        if (live) {
          process.stdout.write(`\r\x1b[K${text}`);
          drawn = true;
        } else if (event.elapsedMs - lastPrinted >= 5000) {
          console.log(text);
          lastPrinted = event.elapsedMs;
        }
        break;
      }
      case 'restarting':
        line(`⚠ ${event.connector}: ${event.cause}; restarting its failed task (attempt ${event.attempt}, ${seconds(event.sinceMs)} into the outage)`);
        break;
      case 'running':
        line(`✔ ${event.connector}: RUNNING with ${event.tasks} task${event.tasks === 1 ? '' : 's'} (${seconds(event.elapsedMs)})`);
        lastPrinted = 0;
        break;
    }
  };
}

/** The specs named (all when none is), failing on a name without a file. */
function selected(specs: readonly ConnectorSpec[], names: readonly string[], dir: string): ConnectorSpec[] {
  if (names.length === 0) return [...specs];
  return names.map((name) => {
    const spec = specs.find((s) => s.name === name);
    if (spec === undefined) {
      throw new ConnectorError('unknown-connector', `there is no connector file ${name}.json in ${dir}`, `name one of: ${specs.map((s) => s.name).join(', ') || '(none)'}`, { connector: name });
    }
    return spec;
  });
}

async function runAction(action: Action, client: ConnectClient, specs: readonly ConnectorSpec[], names: readonly string[], options: { dir: string; timeoutMs: number; all: boolean }): Promise<number> {
  switch (action) {
    case 'plan': {
      const plans = await planConnectors(client, selected(specs, names, options.dir), names.length === 0);
      console.log(textTable(['CONNECTOR', 'CHANGE', 'KEY', 'RUNNING', 'FILE'], planRows(plans)));
      console.log(`plan: ${summary(plans)}`);
      return 0;
    }
    case 'apply': {
      let plans: readonly ConnectorPlan[];
      try {
        plans = await applyConnectors(client, selected(specs, names, options.dir), { timeoutMs: options.timeoutMs, onEvent: printer() });
      } catch (error) {
        const problems = error instanceof ConnectorError ? error.where.problems : undefined;
        if (problems === undefined) throw error;
        console.error(textTable(['CONNECTOR', 'KEY', 'VALUE', 'PROBLEM'], problems.map((p) => [p.connector, p.key, p.value ?? '(missing)', p.message])));
        console.error(`✘ ${problems.length} problem${problems.length === 1 ? '' : 's'}: nothing was applied. Correct each key above in its connector file.`);
        return 1;
      }
      const count = (kind: ConnectorPlan['kind']): number => plans.filter((p) => p.kind === kind).length;
      console.log(
        count('create') + count('update') === 0
          ? `apply: nothing to change (${plans.length} connector${plans.length === 1 ? '' : 's'} as the files say)`
          : `apply: ${count('create')} created, ${count('update')} updated, ${count('unchanged')} unchanged`,
      );
      return 0;
    }
    case 'status': {
      const known = names.length > 0 ? [...names] : [...new Set([...specs.map((s) => s.name), ...(await client.connectors())])].sort();
      const rows = await connectorStatuses(client, known);
      console.log(textTable(['CONNECTOR', 'TYPE', 'STATE', 'TASKS', 'CAUSE'], rows.map((r) => [r.connector, r.type, r.state === 'ABSENT' ? 'ABSENT (not created)' : r.state, r.tasks.map((t) => `${t.id} ${t.state}`).join(', '), r.cause ?? ''])));
      return rows.every((r) => r.healthy) ? 0 : 1;
    }
    case 'restart': {
      const print = printer();
      for (const spec of selected(specs, names, options.dir)) {
        if (!(await client.restartFailed(spec.name))) throw absent(spec.name);
        console.log(`↻ ${spec.name}: failed tasks restarted`);
        await awaitRunning(client, spec.name, { timeoutMs: options.timeoutMs, onEvent: print });
      }
      return 0;
    }
    case 'pause':
    case 'resume':
    case 'delete': {
      if (action === 'delete' && names.length === 0 && !options.all) {
        throw new UsageError('missing-option', 'delete needs the names of the connectors to delete, or --all.', `name them (${specs.map((s) => s.name).join(', ')}), or pass --all.`);
      }
      for (const spec of selected(specs, names, options.dir)) {
        if (!(await client[action](spec.name))) throw absent(spec.name);
        console.log(`✔ ${spec.name}: ${action === 'pause' ? 'paused' : action === 'resume' ? 'resumed' : 'deleted'}`);
      }
      return 0;
    }
  }
}

function absent(name: string): ConnectorError {
  return new ConnectorError('unknown-connector', `Connect runs no connector ${name}`, `create it with medallion connectors apply ${name}`, { connector: name });
}

export const connectorsCommand: Command = {
  name: 'connectors',
  summary: 'Kafka Connect connectors as code: plan, apply, status, restart, pause, resume, delete (connect-config/*.json)',
  usage,
  async run(args) {
    const { values, positionals } = parseOptions(args, { dir: { type: 'string' }, timeout: { type: 'string' }, all: { type: 'boolean' } }, usage);
    const [action, ...names] = positionals;
    if (!(ACTIONS as readonly string[]).includes(action ?? '')) {
      throw new UsageError('bad-option', `'${action ?? ''}' is not a connectors action.`, `use one of: ${ACTIONS.join(', ')}.\n${usage}`);
    }
    const dir = values.dir ?? CONNECT_CONFIG_DIR;
    const timeoutMs = integerOption('timeout', values.timeout, DEFAULT_TIMEOUT_S, 1, 3600) * 1000;
    const connections = resolveConnections();
    const specs = loadConnectorSpecs(placeholderValues(connections), dir);
    return runAction(action as Action, new ConnectClient(connections.connectUrl), specs, names, { dir, timeoutMs, all: values.all === true });
  },
};
