import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateElectionDto,
  ExtendElectionDto,
  ListElectionsQuery,
  type ElectionView,
  type Page,
} from '@hub/contracts';
import {
  CreateElectionUseCase,
  ElectionQueriesUseCase,
  electionView,
  ExtendElectionUseCase,
  type Actor,
  type Clock,
} from '@hub/domain';
import { CLOCK, CurrentActor, Roles } from '@hub/platform';
import { uuidParam } from '../http/params';
import { answer } from '../openapi/answer';
import { pageOf } from '../openapi/answers/answer-schema';
import { ElectionViewSchema } from '../openapi/answers/elections.answers';

/** Elections: their windows, who takes part, and the recorded extensions of their end. */
@ApiTags('elections')
@ApiBearerAuth()
@Controller('elections')
export class ElectionsController {
  constructor(
    private readonly createElection: CreateElectionUseCase,
    private readonly queries: ElectionQueriesUseCase,
    private readonly extendElection: ExtendElectionUseCase,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @Roles('coordinator', 'admin')
  @ApiOperation({ operationId: 'createElection', summary: 'Open an election: its window and participants' })
  @ApiCreatedResponse(answer(ElectionViewSchema))
  async create(@CurrentActor() actor: Actor, @Body() body: CreateElectionDto): Promise<ElectionView> {
    return electionView(await this.createElection.execute(actor, body), this.clock.now());
  }

  @Get()
  @ApiOperation({ operationId: 'listElections', summary: 'List the elections the caller may see' })
  @ApiOkResponse(answer(pageOf(ElectionViewSchema)))
  async list(@CurrentActor() actor: Actor, @Query() query: ListElectionsQuery): Promise<Page<ElectionView>> {
    const { elections, next } = await this.queries.list(actor, query);
    const now = this.clock.now();
    return { items: elections.map((e) => electionView(e, now)), next };
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getElection', summary: 'Read an election' })
  @ApiOkResponse(answer(ElectionViewSchema))
  async get(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<ElectionView> {
    return electionView(await this.queries.get(actor, id), this.clock.now());
  }

  @Post(':id/extend')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'extendElection',
    summary: 'Move an election’s end later, with a recorded reason',
  })
  @ApiOkResponse(answer(ElectionViewSchema))
  async extend(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: ExtendElectionDto,
  ): Promise<ElectionView> {
    return electionView(await this.extendElection.execute(actor, id, body), this.clock.now());
  }
}
