import type { Command } from '../command.ts';
import { demoCommand } from './demo.ts';
import { fileSourceCommand } from './file-source.ts';
import { generateCommand } from './generate.ts';
import { schemasCommand } from './schemas.ts';
import { stackCommand } from './stack.ts';

/** Every `medallion` subcommand, in the order `medallion --help` lists them. */
export const commands: readonly Command[] = [demoCommand, stackCommand, generateCommand, schemasCommand, fileSourceCommand];
