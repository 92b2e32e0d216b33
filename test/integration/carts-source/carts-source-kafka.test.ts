import { stackKafka } from '../stack-kafka.ts';
import { cartsSourceBehaviour } from '../../unit/carts-source/carts-source-behaviour.ts';

// The carts API faults (429, 500, slow, malformed, repeated) against Kafka's transactions and the registry.
cartsSourceBehaviour('Kafka and the registry', stackKafka);
