import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuditVerdictView } from '@hub/contracts';
import { AdminAuditUseCase, type AuditLog } from '@hub/domain';
import { AUDIT_LOG, Roles } from '@hub/platform';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    private readonly adminAudit: AdminAuditUseCase,
  ) {}

  /** Every incident's chain and the admin audit log's: `ok` only when all hold. */
  @Get('verify')
  @Roles('admin', 'observer')
  async verify(): Promise<AuditVerdictView> {
    const [events, admin] = await Promise.all([this.audit.verify(), this.adminAudit.verify()]);
    return {
      ...events,
      ok: events.ok && admin.ok,
      adminChecked: admin.checked,
      ...(admin.firstBrokenAdminEntryId && { firstBrokenAdminEntryId: admin.firstBrokenAdminEntryId }),
    };
  }
}
