import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  LIMITS,
  ListAdminAuditQuery,
  RotateWebhookSecretDto,
  UpdateMemberDto,
  UpdateOrganisationDto,
  type AdminAuditEntryView,
  type MembersView,
  type MemberView,
  type OrganisationView,
  type Page,
  type RotatedSecretView,
} from '@hub/contracts';
import {
  AdminAuditUseCase,
  ListMembersUseCase,
  memberView,
  organisationView,
  RotateWebhookSecretUseCase,
  UpdateMemberUseCase,
  UpdateOrganisationUseCase,
  type Actor,
  type AdminAuditRecord,
} from '@hub/domain';
import { assertWebhookTargets, CurrentActor, HUB_CONFIG, Roles, type HubConfig } from '@hub/platform';
import { uuidParam } from '../http/params';
import { IncidentRoomGateway } from '../room/incident-room.gateway';
import { answer } from '../openapi/answer';
import {
  AdminAuditEntryViewSchema,
  MemberViewSchema,
  MembersViewSchema,
  OrganisationViewSchema,
  RotatedSecretViewSchema,
} from '../openapi/answers/organisations.answers';
import { pageOf } from '../openapi/answers/answer-schema';

/** Administration after creation: edits, deactivation, secret rotation, members and the admin audit log. */
@ApiTags('administration')
@ApiBearerAuth()
@Controller()
export class AdministrationController {
  constructor(
    private readonly updateOrganisation: UpdateOrganisationUseCase,
    private readonly updateMember: UpdateMemberUseCase,
    private readonly rotateSecret: RotateWebhookSecretUseCase,
    private readonly listMembers: ListMembersUseCase,
    private readonly adminAudit: AdminAuditUseCase,
    private readonly room: IncidentRoomGateway,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  @Patch('organisations/:id')
  @Roles('admin')
  @ApiOperation({
    operationId: 'updateOrganisation',
    summary: 'Change an organisation: name, domains, webhooks, active',
  })
  @ApiOkResponse(answer(OrganisationViewSchema))
  async patchOrganisation(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: UpdateOrganisationDto,
  ): Promise<OrganisationView> {
    await assertWebhookTargets(
      { webhook: body.webhook ?? undefined, exerciseWebhook: body.exerciseWebhook ?? undefined },
      this.config.HUB_WEBHOOK_ALLOW_PRIVATE,
    );
    const { organisation, deactivated } = await this.updateOrganisation.execute(actor, id, body);
    if (deactivated) this.room.disconnectOrganisation(id);
    return organisationView(organisation, { showWebhooks: true });
  }

  @Post('organisations/:id/webhook/rotate-secret')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ operationId: 'rotateWebhookSecret', summary: 'Rotate a platform’s webhook secret' })
  @ApiOkResponse(answer(RotatedSecretViewSchema))
  async rotate(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: RotateWebhookSecretDto,
  ): Promise<RotatedSecretView> {
    const { secret, webhook, previousSecretValidUntil } = await this.rotateSecret.execute(actor, id, body);
    return {
      secret,
      webhook,
      ...(previousSecretValidUntil && { previousSecretValidUntil: previousSecretValidUntil.toISOString() }),
    };
  }

  /** An admin lists any organisation's members; a member lists their own organisation's. */
  @Get('organisations/:id/members')
  @ApiOperation({ operationId: 'listMembers', summary: 'List an organisation’s members' })
  @ApiOkResponse(answer(MembersViewSchema))
  async members(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<MembersView> {
    return { items: (await this.listMembers.execute(actor, id)).map(memberView) };
  }

  @Patch('members/:id')
  @Roles('admin')
  @ApiOperation({ operationId: 'updateMember', summary: 'Change a member’s role or deactivate them' })
  @ApiOkResponse(answer(MemberViewSchema))
  async patchMember(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: UpdateMemberDto,
  ): Promise<MemberView> {
    const { member, deactivated } = await this.updateMember.execute(actor, id, body);
    if (deactivated) this.room.disconnectMember(id);
    return memberView(member);
  }

  @Get('audit/admin')
  @Roles('admin', 'observer')
  @ApiOperation({ operationId: 'listAdminAudit', summary: 'Read the admin log, in order' })
  @ApiOkResponse(answer(pageOf(AdminAuditEntryViewSchema)))
  async audit(@Query() query: ListAdminAuditQuery): Promise<Page<AdminAuditEntryView>> {
    const { entries, next } = await this.adminAudit.list({
      after: query.after,
      limit: query.limit ?? LIMITS.pageSize,
    });
    return { items: entries.map(adminAuditEntryView), next };
  }
}

function adminAuditEntryView(e: AdminAuditRecord): AdminAuditEntryView {
  return {
    id: e.id,
    seq: e.seq,
    at: e.at.toISOString(),
    action: e.action,
    actor: e.actor,
    subject: e.subject,
    data: e.data,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}
