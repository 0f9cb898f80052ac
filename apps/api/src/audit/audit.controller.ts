import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuditVerdictView } from '@hub/contracts';
import { AdminAuditUseCase, type AuditLog } from '@hub/domain';
import { AUDIT_LOG, Roles } from '@hub/platform';
import { answer } from '../openapi/answer';
import { AuditVerdictViewSchema } from '../openapi/answers/organisations.answers';

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
  @ApiOperation({
    operationId: 'verifyAudit',
    summary: 'Verify the hash chains of every incident log and the admin log',
  })
  @ApiOkResponse(answer(AuditVerdictViewSchema))
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
