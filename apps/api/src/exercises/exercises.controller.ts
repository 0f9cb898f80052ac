import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateExerciseDto, ListExercisesQuery, type ExerciseRunView, type Page } from '@hub/contracts';
import { ExerciseControlUseCase, ListExercisesUseCase, StartExerciseUseCase, type Actor } from '@hub/domain';
import { CurrentActor, Roles } from '@hub/platform';
import { uuidParam } from '../http/params';
import { answer } from '../openapi/answer';
import { ExerciseRunViewSchema } from '../openapi/answers/features.answers';
import { pageOf } from '../openapi/answers/answer-schema';

@ApiTags('exercises')
@ApiBearerAuth()
@Controller('exercises')
export class ExercisesController {
  constructor(
    private readonly start: StartExerciseUseCase,
    private readonly control: ExerciseControlUseCase,
    private readonly listExercises: ListExercisesUseCase,
  ) {}

  /** 201 once the first inject has declared the exercise incident; the worker's clock does the rest. */
  @Post()
  @Roles('coordinator')
  @ApiOperation({ operationId: 'startExercise', summary: 'Start a run of a scenario' })
  @ApiCreatedResponse(answer(ExerciseRunViewSchema))
  async create(@CurrentActor() actor: Actor, @Body() body: CreateExerciseDto): Promise<ExerciseRunView> {
    const run = await this.start.execute(actor, body);
    return this.control.get(actor, run.id);
  }

  @Get()
  @Roles('coordinator')
  @ApiOperation({ operationId: 'listExercises', summary: 'List the exercise runs' })
  @ApiOkResponse(answer(pageOf(ExerciseRunViewSchema)))
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: ListExercisesQuery,
  ): Promise<Page<ExerciseRunView>> {
    const { runs, next } = await this.listExercises.execute(actor, {
      incidentId: query.incidentId,
      after: query.after,
      limit: query.limit ?? 100,
    });
    return { items: runs, next };
  }

  @Get(':id')
  @Roles('coordinator')
  @ApiOperation({ operationId: 'getExercise', summary: 'Read an exercise run with its clock and score' })
  @ApiOkResponse(answer(ExerciseRunViewSchema))
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<ExerciseRunView> {
    return this.control.get(actor, id);
  }

  @Post(':id/pause')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOperation({ operationId: 'pauseExercise', summary: 'Pause an exercise run' })
  @ApiOkResponse(answer(ExerciseRunViewSchema))
  pause(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<ExerciseRunView> {
    return this.control.pause(actor, id);
  }

  @Post(':id/resume')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOperation({ operationId: 'resumeExercise', summary: 'Resume a paused exercise run' })
  @ApiOkResponse(answer(ExerciseRunViewSchema))
  resume(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<ExerciseRunView> {
    return this.control.resume(actor, id);
  }

  @Post(':id/abort')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOperation({ operationId: 'abortExercise', summary: 'Abort an exercise run' })
  @ApiOkResponse(answer(ExerciseRunViewSchema))
  abort(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<ExerciseRunView> {
    return this.control.abort(actor, id);
  }
}
