import { messageBusContract } from '../../../libs/messaging/src/testing/message-bus.contract.js';
import { startAmqpBus } from '../../support/messaging/rabbitmq.js';

messageBusContract('amqp', () => startAmqpBus());
