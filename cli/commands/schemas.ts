import { readFileSync, writeFileSync } from 'node:fs';
import { resolveConnections } from '../../config/connections.ts';
import { GENERATED_TYPES_PATH, renderBronzeTypes } from '../../schemas/codegen.ts';
import { contractSubjects } from '../../schemas/contract-subjects.ts';
import { ContractError } from '../../schemas/contract-error.ts';
import { registerSchemas } from '../../schemas/registration.ts';
import { registryClient } from '../../schemas/registry-client.ts';
import type { Command } from '../command.ts';
import { parseOptions } from '../options.ts';
import { UsageError } from '../usage-error.ts';

const usage = `usage: medallion schemas <register|generate|check>

  register   register every contract (schemas/bronze/*.avsc, and schemas/dlq/dead-letter.avsc
             for each dlq.<entity> topic) under its topic's subject in the registry (MEDALLION_REGISTRY_URL, default the local stack);
             an incompatible change is refused, naming the field
  generate   rewrite schemas/generated/bronze-types.ts from the .avsc files
  check      fail when schemas/generated/bronze-types.ts has drifted from the .avsc files`;

export const schemasCommand: Command = {
  name: 'schemas',
  summary: 'register the Avro contracts in the registry; generate and check their TypeScript types',
  usage,
  async run(args) {
    const { positionals } = parseOptions(args, {}, usage);
    switch (positionals[0]) {
      case 'register': {
        const client = registryClient(resolveConnections().registry);
        await registerSchemas(client, contractSubjects(), (event) => {
          console.log(`${event.kind === 'registered' ? '✔ registered' : '= unchanged '} ${event.subject.padEnd(28)} id ${event.id}, version ${event.version}`);
        });
        return 0;
      }
      case 'generate':
        writeFileSync(GENERATED_TYPES_PATH, renderBronzeTypes());
        console.log(`wrote ${GENERATED_TYPES_PATH.pathname}`);
        return 0;
      case 'check':
        if (readFileSync(GENERATED_TYPES_PATH, 'utf8') !== renderBronzeTypes()) {
          throw new ContractError('types-drifted', 'schemas/generated/bronze-types.ts does not match schemas/bronze/*.avsc', 'run `medallion schemas generate` and commit the result');
        }
        console.log('generated types match the schemas');
        return 0;
      default:
        throw new UsageError('bad-option', `'${positionals[0] ?? ''}' is not a schemas action.`, `use one of: register, generate, check.\n${usage}`);
    }
  },
};
