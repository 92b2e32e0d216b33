import { generateCommand } from './generate.ts';
import type { Command } from '../command.ts';

const usage = `usage: medallion demo [--scale N] [--seed S]

The main job on the embedded default: generates the sample dataset into
data/demo and runs it through the pipeline.`;

export const demoCommand: Command = {
  name: 'demo',
  summary: 'the main job: the sample dataset through the whole pipeline on the embedded default',
  usage,
  async run(args) {
    return generateCommand.run(['--out', 'data/demo', '--force', ...args]);
  },
};
