import type { Service } from '../service.ts';
import { azurite } from './azurite.ts';
import { connect } from './connect.ts';
import { kafka } from './kafka.ts';
import { mariadb } from './mariadb.ts';
import { postgres } from './postgres.ts';
import { registry } from './registry.ts';

/** Every service of the local stack, in start order (each after what it depends on). */
export const SERVICES: readonly Service[] = [postgres, mariadb, azurite, kafka, registry, connect];
