import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { AuditExportController } from './audit-export.controller.js';
import { AuditReaderService } from './audit-reader.service.js';
import { AuditRetentionService } from './audit-retention.service.js';
import { AuditResolver } from './audit.resolver.js';

/** The audit log's reader, export and retention; writing entries is CoreModule's AuditService, which every module uses. */
@Module({
  imports: [AuthModule],
  controllers: [AuditExportController],
  providers: [AuditReaderService, AuditResolver, AuditRetentionService],
  exports: [AuditRetentionService],
})
export class AuditModule {}
