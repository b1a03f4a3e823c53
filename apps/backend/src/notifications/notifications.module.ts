import { Module } from '@nestjs/common';
import { PublishStateChangedNotification } from './publish-state-changed.handler.js';

/** AMQP notifications of relayed domain events. Needs ComposeModule and a global MESSAGE_BUS. */
@Module({ providers: [PublishStateChangedNotification] })
export class NotificationsModule {}
