import { stackKafka } from '../stack-kafka.ts';
import { fileSourceBehaviour } from '../../unit/file-source/file-source-behaviour.ts';

fileSourceBehaviour('Kafka and the registry', stackKafka);
