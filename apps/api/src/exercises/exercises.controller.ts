import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CreateExerciseDto, ListExercisesQuery, type ExerciseRunView, type Page } from '@hub/contracts';
import { ExerciseControlUseCase, ListExercisesUseCase, StartExerciseUseCase, type Actor } from '@hub/domain';
import { CurrentActor, Roles } from '@hub/platform';
import { uuidParam } from '../http/params';

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
  async create(@CurrentActor() actor: Actor, @Body() body: CreateExerciseDto): Promise<ExerciseRunView> {
    const run = await this.start.execute(actor, body);
    return this.control.get(actor, run.id);
  }

  @Get()
  @Roles('coordinator')
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
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<ExerciseRunView> {
    return this.control.get(actor, id);
  }

  @Post(':id/pause')
  @Roles('coordinator')
  @HttpCode(200)
  pause(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<ExerciseRunView> {
    return this.control.pause(actor, id);
  }

  @Post(':id/resume')
  @Roles('coordinator')
  @HttpCode(200)
  resume(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<ExerciseRunView> {
    return this.control.resume(actor, id);
  }

  @Post(':id/abort')
  @Roles('coordinator')
  @HttpCode(200)
  abort(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<ExerciseRunView> {
    return this.control.abort(actor, id);
  }
}
