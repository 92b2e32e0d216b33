import { createReadStream, existsSync, statSync, watch } from 'node:fs';
import { SERVICE_NAMES, type ServiceName, type StackEvent } from '../../stack/service.ts';
import { logFile, logTail } from '../../stack/process-supervisor.ts';
import { secureHome, stackContext, stackStatus, stackUp } from '../../stack/stack.ts';
import { stackDownWithAirflow } from '../../orchestration/airflow-runner/airflow-stack.ts';
import type { Command } from '../command.ts';
import { parseOptions } from '../options.ts';
import { stackEventLine } from '../stack-event-line.ts';
import { UsageError } from '../usage-error.ts';

const usage = `usage: medallion stack <up|down|status|logs> [service …] [options]

  up [service …]      start the local stack (all services, or these and what they need);
                      --secure: Kafka takes SASL_SSL only (SCRAM-SHA-512, a CA made in the home), and stays so in this home
  down [service …]    stop it (and Airflow, when PostgreSQL, its metadata database, stops); no process is left behind
  status              each service, its address and whether it is healthy
  logs <service>      the service's log (--follow to keep reading, --lines N)

services: ${SERVICE_NAMES.join(', ')}
ports: MEDALLION_<SERVICE>_PORT overrides each default (see config/ports.ts);
state, downloads and logs live in .medallion/ (MEDALLION_HOME overrides).`;

function printEvent(event: StackEvent): void {
  console.log(stackEventLine(event));
}

function serviceNames(values: readonly string[]): ServiceName[] {
  return values.map((value) => {
    if (!(SERVICE_NAMES as readonly string[]).includes(value)) {
      throw new UsageError('bad-option', `'${value}' is not a stack service.`, `name one of: ${SERVICE_NAMES.join(', ')}.`);
    }
    return value as ServiceName;
  });
}

async function follow(file: string): Promise<void> {
  let offset = existsSync(file) ? statSync(file).size : 0;
  await new Promise<void>(() => {
    watch(file, () => {
      const size = statSync(file).size;
      if (size <= offset) return;
      createReadStream(file, { start: offset, end: size - 1 }).pipe(process.stdout, { end: false });
      offset = size;
    });
  });
}

export const stackCommand: Command = {
  name: 'stack',
  summary: 'start, stop and inspect the local stack of real services (Kafka, Connect, registry, PostgreSQL, MariaDB, Azurite)',
  usage,
  async run(args) {
    const { values, positionals } = parseOptions(args, { follow: { type: 'boolean', short: 'f' }, lines: { type: 'string', short: 'n' }, secure: { type: 'boolean' } }, usage);
    const [action, ...rest] = positionals;
    const ctx = stackContext(printEvent);
    switch (action) {
      case 'up': {
        const begun = Date.now();
        if (values.secure === true) secureHome(ctx);
        await stackUp(ctx, serviceNames(rest));
        console.log(`stack up in ${((Date.now() - begun) / 1000).toFixed(1)}s`);
        return 0;
      }
      case 'down':
        await stackDownWithAirflow(ctx, serviceNames(rest));
        return 0;
      case 'status': {
        const statuses = await stackStatus(ctx);
        for (const s of statuses) console.log(`${s.health.healthy ? '✔' : '✘'} ${s.service.padEnd(9)} ${s.address.padEnd(40)} ${s.health.detail}`);
        return statuses.every((s) => s.health.healthy) ? 0 : 1;
      }
      case 'logs': {
        const [service] = serviceNames(rest);
        if (service === undefined) throw new UsageError('missing-option', 'stack logs needs a service.', `name one of: ${SERVICE_NAMES.join(', ')}.`);
        console.log(logTail(ctx, service, Number(values.lines ?? 50)));
        if (values.follow === true) await follow(logFile(ctx, service));
        return 0;
      }
      default:
        throw new UsageError('bad-option', `'${action ?? ''}' is not a stack action.`, `use one of: up, down, status, logs.\n${usage}`);
    }
  },
};
