import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ListScenariosQuery, type Page, type ScenarioView } from '@hub/contracts';
import {
  CreateScenarioUseCase,
  DeleteScenarioUseCase,
  DomainError,
  ERROR_CODES,
  ListScenariosUseCase,
  scenarioView,
  type Actor,
} from '@hub/domain';
import { CurrentActor, Roles } from '@hub/platform';
import { uuidParam } from '../http/params';
import { answer } from '../openapi/answer';
import { ScenarioViewSchema } from '../openapi/answers/features.answers';
import { pageOf } from '../openapi/answers/answer-schema';

@ApiTags('exercises')
@ApiBearerAuth()
@Controller('scenarios')
export class ScenariosController {
  constructor(
    private readonly createScenario: CreateScenarioUseCase,
    private readonly listScenarios: ListScenariosUseCase,
    private readonly deleteScenario: DeleteScenarioUseCase,
  ) {}

  /**
   * A YAML body (`application/yaml`, `text/yaml`) arrives as text; a JSON body as an object, which is
   * written back as indented JSON, so the lines named in a refusal are those of that text. 201 with the new
   * scenario, or 200 with the one already stored from the same text.
   */
  @Post()
  @Roles('coordinator')
  @ApiOperation({ operationId: 'createScenario', summary: 'Store an exercise scenario (YAML or JSON)' })
  @ApiCreatedResponse(answer(ScenarioViewSchema))
  @ApiOkResponse({
    ...answer(ScenarioViewSchema),
    description: 'The same text was stored before: that scenario',
  })
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ScenarioView> {
    const asJson = /json/i.test(contentType ?? '');
    const stored =
      typeof body === 'string' && !asJson
        ? await this.createScenario.execute(actor, body, 'yaml')
        : asJson && body !== null && typeof body === 'object'
          ? await this.createScenario.execute(actor, JSON.stringify(body, null, 2), 'json')
          : undefined;
    if (!stored)
      throw new DomainError(
        ERROR_CODES.VALIDATION_FAILED,
        'body: send the scenario as application/yaml (or text/yaml) or as a JSON object',
        [{ field: 'body', message: 'must be a YAML document or a JSON object' }],
      );
    res.status(stored.reused ? 200 : 201);
    return scenarioView(stored.scenario);
  }

  /** An admin deletes a scenario no exercise run uses (409 when one does). */
  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteScenario', summary: 'Delete a scenario no exercise run uses' })
  @ApiNoContentResponse({ description: 'The scenario is deleted' })
  async remove(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<void> {
    await this.deleteScenario.execute(actor, id);
  }

  @Get()
  @Roles('coordinator')
  @ApiOperation({ operationId: 'listScenarios', summary: 'List the stored scenarios' })
  @ApiOkResponse(answer(pageOf(ScenarioViewSchema)))
  async list(@CurrentActor() actor: Actor, @Query() query: ListScenariosQuery): Promise<Page<ScenarioView>> {
    const { scenarios, next } = await this.listScenarios.execute(actor, {
      after: query.after,
      limit: query.limit ?? 100,
    });
    return { items: scenarios.map(scenarioView), next };
  }
}
