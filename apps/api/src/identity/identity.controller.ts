import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateMemberDto,
  CreateOrganisationDto,
  ListOrganisationsQuery,
  type CreatedMemberView,
  type MeView,
  type OrganisationView,
  type Page,
} from '@hub/contracts';
import {
  CreateMemberUseCase,
  CreateOrganisationUseCase,
  ListOrganisationsUseCase,
  memberView,
  organisationView,
  RevokeTokensUseCase,
  WhoAmIUseCase,
  type Actor,
} from '@hub/domain';
import { assertWebhookTargets, CurrentActor, HUB_CONFIG, Roles, type HubConfig } from '@hub/platform';
import { uuidParam } from '../http/params';
import { IncidentRoomGateway } from '../room/incident-room.gateway';
import { answer } from '../openapi/answer';
import {
  CreatedMemberViewSchema,
  MeViewSchema,
  OrganisationViewSchema,
  RevokedTokensSchema,
} from '../openapi/answers/organisations.answers';
import { pageOf } from '../openapi/answers/answer-schema';

@ApiTags('identity')
@ApiBearerAuth()
@Controller()
export class IdentityController {
  constructor(
    private readonly whoAmI: WhoAmIUseCase,
    private readonly createOrganisation: CreateOrganisationUseCase,
    private readonly listOrganisations: ListOrganisationsUseCase,
    private readonly createMember: CreateMemberUseCase,
    private readonly revokeTokens: RevokeTokensUseCase,
    private readonly room: IncidentRoomGateway,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  @Get('me')
  @ApiOperation({ operationId: 'getMe', summary: 'Who the caller is: member and organisation' })
  @ApiOkResponse(answer(MeViewSchema))
  async me(@CurrentActor() actor: Actor): Promise<MeView> {
    const { member, organisation } = await this.whoAmI.execute(actor);
    return {
      member: memberView(member),
      organisation: organisationView(organisation, { showWebhooks: actor.role === 'admin' }),
    };
  }

  @Post('organisations')
  @Roles('admin')
  @ApiOperation({ operationId: 'createOrganisation', summary: 'Create an organisation' })
  @ApiCreatedResponse(answer(OrganisationViewSchema))
  async create(@CurrentActor() actor: Actor, @Body() body: CreateOrganisationDto): Promise<OrganisationView> {
    const { webhook, exerciseWebhook } = body;
    await assertWebhookTargets({ webhook, exerciseWebhook }, this.config.HUB_WEBHOOK_ALLOW_PRIVATE);
    return organisationView(await this.createOrganisation.execute(body, actor), { showWebhooks: true });
  }

  @Get('organisations')
  @ApiOperation({ operationId: 'listOrganisations', summary: 'List the organisations' })
  @ApiOkResponse(answer(pageOf(OrganisationViewSchema)))
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: ListOrganisationsQuery,
  ): Promise<Page<OrganisationView>> {
    const { organisations, next } = await this.listOrganisations.execute({
      after: query.after,
      limit: query.limit ?? 200,
    });
    return {
      items: organisations.map((o) => organisationView(o, { showWebhooks: actor.role === 'admin' })),
      next,
    };
  }

  @Post('organisations/:id/members')
  @Roles('admin')
  @ApiOperation({ operationId: 'createMember', summary: 'Add a member to an organisation, with a token' })
  @ApiCreatedResponse(answer(CreatedMemberViewSchema))
  async addMember(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: CreateMemberDto,
  ): Promise<CreatedMemberView> {
    const { member, token } = await this.createMember.execute(id, body, actor);
    return { member: memberView(member), token };
  }

  @Post('members/:id/revoke-tokens')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ operationId: 'revokeMemberTokens', summary: 'Revoke every token of a member' })
  @ApiOkResponse(answer(RevokedTokensSchema))
  async revoke(@Param('id', uuidParam('id')) id: string): Promise<{ revoked: number }> {
    const revoked = await this.revokeTokens.execute(id);
    this.room.disconnectMember(id);
    return { revoked };
  }
}
