import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
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
  async create(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: CreateSsoMappingDto,
  ): Promise<SsoMappingView> {
    return ssoMappingView(await this.createMapping.execute(actor, id, body));
  }

  @Get('organisations/:id/sso')
  async list(@Param('id', uuidParam('id')) id: string): Promise<Page<SsoMappingView>> {
    return { items: (await this.listMappings.execute(id)).map(ssoMappingView) };
  }

  /** The sessions the mapping admitted end at once; their holders sign in again, or are refused. */
  @Delete('organisations/:id/sso/:mappingId')
  @HttpCode(204)
  async remove(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Param('mappingId', uuidParam('mappingId')) mappingId: string,
  ): Promise<void> {
    const ended = await this.deleteMapping.execute(actor, id, mappingId);
    this.room.disconnectSessions(ended.map((s) => s.id));
  }

  @Get('members/:id/tokens')
  async tokens(@Param('id', uuidParam('id')) id: string): Promise<Page<TokenView>> {
    return { items: (await this.listTokens.execute(id)).map(tokenView) };
  }

  /** Another token for a member (a machine, break-glass access): shown once, only its hash is kept. */
  @Post('members/:id/tokens')
  async addToken(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<CreatedTokenView> {
    const { record, token } = await this.createToken.execute(actor, id);
    return { ...tokenView(record), token };
  }

  @Delete('tokens/:id')
  @HttpCode(204)
  async revoke(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<void> {
    const token = await this.revokeToken.execute(actor, id);
    // Sockets do not record which token opened them: the member's reconnect with what still works.
    this.room.disconnectMember(token.memberId);
  }

  @Get('members/:id/sessions')
  async sessions(@Param('id', uuidParam('id')) id: string): Promise<Page<SessionView>> {
    return { items: (await this.listSessions.execute(id)).map(sessionView) };
  }
}
