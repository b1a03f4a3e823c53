import { Module } from '@nestjs/common';

/** Generation, expiry, recovery and notifications. Needs the same root modules as the frontend. */
@Module({})
export class BackendModule {}
