import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  CreateSsoMappingDto,
  type CreatedTokenView,
  type Page,
  type SessionView,
  type SsoMappingView,
  type TokenView,
} from '@hub/contracts';
import {
  CreateSsoMappingUseCase,
  CreateTokenUseCase,
  DeleteSsoMappingUseCase,
  ListSessionsUseCase,
  ListSsoMappingsUseCase,
  ListTokensUseCase,
  RevokeTokenUseCase,
  sessionView,
  ssoMappingView,
  tokenView,
  type Actor,
} from '@hub/domain';
import { CurrentActor, Roles } from '@hub/platform';
import { uuidParam } from '../http/params';
import { IncidentRoomGateway } from '../room/incident-room.gateway';
import { answer } from '../openapi/answer';
import {
  CreatedTokenViewSchema,
  SessionViewSchema,
  SsoMappingViewSchema,
  TokenViewSchema,
} from '../openapi/answers/organisations.answers';
import { pageOf } from '../openapi/answers/answer-schema';

/** The admin's side of sign-in: which claims admit whom, and each member's tokens and sessions. */
@ApiTags('sign-in')
@ApiBearerAuth()
@Roles('admin')
@Controller()
export class SsoController {
  constructor(
    private readonly createMapping: CreateSsoMappingUseCase,
    private readonly listMappings: ListSsoMappingsUseCase,
    private readonly deleteMapping: DeleteSsoMappingUseCase,
    private readonly listTokens: ListTokensUseCase,
    private readonly createToken: CreateTokenUseCase,
    private readonly revokeToken: RevokeTokenUseCase,
    private readonly listSessions: ListSessionsUseCase,
    private readonly room: IncidentRoomGateway,
  ) {}

  @Post('organisations/:id/sso')
  @ApiOperation({
    operationId: 'createSsoMapping',
    summary: 'Map an identity provider claim to a role in an organisation',
  })
  @ApiCreatedResponse(answer(SsoMappingViewSchema))
  async create(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: CreateSsoMappingDto,
  ): Promise<SsoMappingView> {
    return ssoMappingView(await this.createMapping.execute(actor, id, body));
  }

  @Get('organisations/:id/sso')
  @ApiOperation({ operationId: 'listSsoMappings', summary: 'List an organisation’s SSO mappings' })
  @ApiOkResponse(answer(pageOf(SsoMappingViewSchema)))
  async list(@Param('id', uuidParam('id')) id: string): Promise<Page<SsoMappingView>> {
    return { items: (await this.listMappings.execute(id)).map(ssoMappingView) };
  }

  /** The sessions the mapping admitted end at once; their holders sign in again, or are refused. */
  @Delete('organisations/:id/sso/:mappingId')
  @HttpCode(204)
  @ApiOperation({ operationId: 'removeSsoMapping', summary: 'Remove an SSO mapping' })
  @ApiNoContentResponse({ description: 'Removed.' })
  async remove(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Param('mappingId', uuidParam('mappingId')) mappingId: string,
  ): Promise<void> {
    const ended = await this.deleteMapping.execute(actor, id, mappingId);
    this.room.disconnectSessions(ended.map((s) => s.id));
  }

  @Get('members/:id/tokens')
  @ApiOperation({ operationId: 'listMemberTokens', summary: 'List a member’s tokens' })
  @ApiOkResponse(answer(pageOf(TokenViewSchema)))
  async tokens(@Param('id', uuidParam('id')) id: string): Promise<Page<TokenView>> {
    return { items: (await this.listTokens.execute(id)).map(tokenView) };
  }

  /** Another token for a member (a machine, break-glass access): shown once, only its hash is kept. */
  @Post('members/:id/tokens')
  @ApiOperation({ operationId: 'createMemberToken', summary: 'Give a member a new token' })
  @ApiCreatedResponse(answer(CreatedTokenViewSchema))
  async addToken(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<CreatedTokenView> {
    const { record, token } = await this.createToken.execute(actor, id);
    return { ...tokenView(record), token };
  }

  @Delete('tokens/:id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'revokeToken', summary: 'Revoke a token' })
  @ApiNoContentResponse({ description: 'Revoked.' })
  async revoke(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<void> {
    const token = await this.revokeToken.execute(actor, id);
    // Sockets do not record which token opened them: the member's reconnect with what still works.
    this.room.disconnectMember(token.memberId);
  }

  @Get('members/:id/sessions')
  @ApiOperation({ operationId: 'listMemberSessions', summary: 'List a member’s console sessions' })
  @ApiOkResponse(answer(pageOf(SessionViewSchema)))
  async sessions(@Param('id', uuidParam('id')) id: string): Promise<Page<SessionView>> {
    return { items: (await this.listSessions.execute(id)).map(sessionView) };
  }
}
