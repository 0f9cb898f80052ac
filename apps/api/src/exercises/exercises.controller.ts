import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CreateExerciseDto, type ExerciseRunView } from '@hub/contracts';
import { ExerciseControlUseCase, StartExerciseUseCase, type Actor } from '@hub/domain';
import { CurrentActor, Roles } from '@hub/platform';
import { uuidParam } from '../http/params';

@ApiTags('exercises')
@ApiBearerAuth()
@Controller('exercises')
export class ExercisesController {
  constructor(
    private readonly start: StartExerciseUseCase,
    private readonly control: ExerciseControlUseCase,
  ) {}

  /** 201 once the first inject has declared the exercise incident; the worker's clock does the rest. */
  @Post()
  @Roles('coordinator')
  async create(@CurrentActor() actor: Actor, @Body() body: CreateExerciseDto): Promise<ExerciseRunView> {
    const run = await this.start.execute(actor, body);
    return this.control.get(actor, run.id);
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
