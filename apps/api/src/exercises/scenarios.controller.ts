import { Body, Controller, Get, Headers, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListScenariosQuery, type Page, type ScenarioView } from '@hub/contracts';
import {
  CreateScenarioUseCase,
  DomainError,
  ERROR_CODES,
  ListScenariosUseCase,
  scenarioView,
  type Actor,
} from '@hub/domain';
import { CurrentActor, Roles } from '@hub/platform';
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
  ) {}

  /**
   * A YAML body (`application/yaml`, `text/yaml`) arrives as text; a JSON body as an object, which is
   * written back as indented JSON, so the lines named in a refusal are those of that text.
   */
  @Post()
  @Roles('coordinator')
  @ApiOperation({ operationId: 'createScenario', summary: 'Store an exercise scenario (YAML or JSON)' })
  @ApiCreatedResponse(answer(ScenarioViewSchema))
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @Headers('content-type') contentType?: string,
  ): Promise<ScenarioView> {
    const asJson = /json/i.test(contentType ?? '');
    if (typeof body === 'string' && !asJson) {
      return scenarioView(await this.createScenario.execute(actor, body, 'yaml'));
    }
    if (asJson && body !== null && typeof body === 'object') {
      return scenarioView(await this.createScenario.execute(actor, JSON.stringify(body, null, 2), 'json'));
    }
    throw new DomainError(
      ERROR_CODES.VALIDATION_FAILED,
      'body: send the scenario as application/yaml (or text/yaml) or as a JSON object',
      [{ field: 'body', message: 'must be a YAML document or a JSON object' }],
    );
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
