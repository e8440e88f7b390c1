import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { UiGateway } from './ui.gateway.js';

@Module({ imports: [AuthModule], providers: [UiGateway] })
export class RealtimeModule {}
