import { readFileSync, writeFileSync } from 'node:fs';
import { resolveConnections } from '../../config/connections.ts';
import { GENERATED_TYPES } from '../../schemas/codegen.ts';
import { contractSubjects } from '../../schemas/contract-subjects.ts';
import { ContractError } from '../../schemas/contract-error.ts';
import { registerSchemas } from '../../schemas/registration.ts';
import { registryClient } from '../../schemas/registry-client.ts';
import type { Command } from '../command.ts';
import { parseOptions } from '../options.ts';
import { UsageError } from '../usage-error.ts';

const usage = `usage: medallion schemas <register|generate|check>

  register   register every contract (schemas/bronze/*.avsc, schemas/dlq/dead-letter.avsc for each
             dlq.<entity> topic, schemas/silver/*.avsc and schemas/gold/*.avsc with their keys) under its
             topic's subjects in the registry (MEDALLION_REGISTRY_URL, default the local stack);
             an incompatible change is refused, naming the field
  generate   rewrite schemas/generated/*-types.ts from the .avsc files
  check      fail when a file of schemas/generated/ has drifted from the .avsc files`;

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
        for (const { path, render } of GENERATED_TYPES) {
          writeFileSync(path, render());
          console.log(`wrote ${path.pathname}`);
        }
        return 0;
      case 'check':
        for (const { path, render } of GENERATED_TYPES) {
          if (readFileSync(path, 'utf8') !== render()) {
            throw new ContractError('types-drifted', `${path.pathname} does not match the .avsc files it is generated from`, 'run `medallion schemas generate` and commit the result');
          }
        }
        console.log('generated types match the schemas');
        return 0;
      default:
        throw new UsageError('bad-option', `'${positionals[0] ?? ''}' is not a schemas action.`, `use one of: register, generate, check.\n${usage}`);
    }
  },
};
