import { Module } from '@nestjs/common';

/** HTTP side of authentication (browser login routes). Filled in by the auth work. */
@Module({})
export class AuthHttpModule {}
