import type { Command } from '../command.ts';
import { airflowCommand } from './airflow.ts';
import { auditCommand } from './audit.ts';
import { connectorsCommand } from './connectors.ts';
import { dashboardCommand } from './dashboard.ts';
import { deadLettersCommand } from './dead-letters.ts';
import { demoCommand } from './demo.ts';
import { downCommand } from './down.ts';
import { fileSourceCommand } from './file-source.ts';
import { generateCommand } from './generate.ts';
import { pgadminCommand } from './pgadmin.ts';
import { powerbiCommand } from './powerbi.ts';
import { processorsCommand } from './processors.ts';
import { reconcileCommand } from './reconcile.ts';
import { replayCommand } from './replay.ts';
import { schemasCommand } from './schemas.ts';
import { sourcesCommand } from './sources.ts';
import { stackCommand } from './stack.ts';
import { traceCommand } from './trace.ts';
import { upCommand } from './up.ts';
import { validateCommand } from './validate.ts';
import { warehouseCommand } from './warehouse.ts';

/** Every `medallion` subcommand, in the order `medallion --help` lists them. */
export const commands: readonly Command[] = [demoCommand, upCommand, downCommand, stackCommand, generateCommand, schemasCommand, fileSourceCommand, sourcesCommand, connectorsCommand, processorsCommand, replayCommand, reconcileCommand, deadLettersCommand, traceCommand, warehouseCommand, validateCommand, auditCommand, dashboardCommand, powerbiCommand, pgadminCommand, airflowCommand];
