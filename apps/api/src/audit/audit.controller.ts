import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuditLog } from '@hub/domain';
import { AUDIT_LOG, Roles } from '@hub/platform';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(@Inject(AUDIT_LOG) private readonly audit: AuditLog) {}

  @Get('verify')
  @Roles('admin', 'observer')
  verify(): Promise<{ ok: boolean; checked: number; firstBrokenEventId?: string }> {
    return this.audit.verify();
  }
}
