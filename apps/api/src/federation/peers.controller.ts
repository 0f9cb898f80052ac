import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CreatePeerDto, CreateSharingGroupDto, type PeerView, type SharingGroupView } from '@hub/contracts';
import { PeersUseCases, type Actor } from '@hub/domain';
import { CurrentActor, Roles } from '@hub/platform';
import { uuidParam } from '../http/params';
import { answer } from '../openapi/answer';
import { PeerViewSchema, SharingGroupViewSchema } from '../openapi/answers/federation.answers';
import { arrayOf, object } from '../openapi/answers/answer-schema';

/** The peer hubs this hub shares incidents with, and the sharing groups that name some of them. */
@ApiTags('federation')
@ApiBearerAuth()
@Controller()
export class PeersController {
  constructor(private readonly peers: PeersUseCases) {}

  @Post('peers')
  @Roles('admin')
  @ApiOperation({
    operationId: 'createPeer',
    summary: 'Connect a peer hub: its URL and the token it issued here',
  })
  @ApiCreatedResponse(answer(PeerViewSchema))
  create(@CurrentActor() actor: Actor, @Body() body: CreatePeerDto): Promise<PeerView> {
    return this.peers.register(actor, body);
  }

  @Get('peers')
  @Roles('admin', 'coordinator')
  @ApiOperation({
    operationId: 'listPeers',
    summary: 'The peer hubs and how each stands: last contact, backlog, errors',
  })
  @ApiOkResponse(answer(object<{ items: PeerView[] }>({ items: arrayOf(PeerViewSchema) })))
  async list(@CurrentActor() actor: Actor): Promise<{ items: PeerView[] }> {
    return { items: await this.peers.list(actor) };
  }

  @Delete('peers/:id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deletePeer', summary: 'Disconnect a peer hub (what it has stays there)' })
  @ApiNoContentResponse({ description: 'The peer is disconnected' })
  async remove(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<void> {
    await this.peers.remove(actor, id);
  }

  @Post('sharing-groups')
  @Roles('admin', 'coordinator')
  @ApiOperation({
    operationId: 'createSharingGroup',
    summary: 'Name some peers an incident may be shared with',
  })
  @ApiCreatedResponse(answer(SharingGroupViewSchema))
  createGroup(@CurrentActor() actor: Actor, @Body() body: CreateSharingGroupDto): Promise<SharingGroupView> {
    return this.peers.createGroup(actor, body);
  }

  @Get('sharing-groups')
  @Roles('admin', 'coordinator', 'authority')
  @ApiOperation({ operationId: 'listSharingGroups', summary: 'The sharing groups' })
  @ApiOkResponse(answer(object<{ items: SharingGroupView[] }>({ items: arrayOf(SharingGroupViewSchema) })))
  async listGroups(@CurrentActor() actor: Actor): Promise<{ items: SharingGroupView[] }> {
    return { items: await this.peers.listGroups(actor) };
  }
}
