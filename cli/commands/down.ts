import { stackContext, stackDown } from '../../stack/stack.ts';
import { stopStackPipeline } from '../../pipeline/stack-run-lock.ts';
import type { Command } from '../command.ts';
import { noPositionals, parseOptions } from '../options.ts';
import { stackEventLine } from '../stack-event-line.ts';

// The pipeline finishes the batches in hand and closes its clients; a busy machine may take a while.
const STOP_TIMEOUT_MS = 60_000;

const usage = `usage: medallion down

Stops what \`medallion up\` started: its process (sources, processors, sink and
dashboard, which finish the batch in hand) and then the whole local stack, as
\`medallion stack down\` does. Data stays on disk; the next \`medallion up\` clears
the pipeline's part of it.`;

export const downCommand: Command = {
  name: 'down',
  summary: 'stop `medallion up` and the local stack',
  usage,
  async run(args) {
    const { positionals } = parseOptions(args, {}, usage);
    noPositionals('down', positionals, usage);
    const pid = await stopStackPipeline(STOP_TIMEOUT_MS);
    console.log(pid === undefined ? '■ no medallion up was running' : `■ medallion up (pid ${pid}) stopped`);
    await stackDown(stackContext((event) => console.log(stackEventLine(event))));
    return 0;
  },
};
