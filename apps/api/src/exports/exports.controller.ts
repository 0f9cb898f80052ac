import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ExportQuery, ImportQuery } from '@hub/contracts';
import {
  EXPORT_MEDIA_TYPES,
  ExportIncidentUseCase,
  ImportItemsUseCase,
  type Actor,
  type ImportAnswer,
} from '@hub/domain';
import { CurrentActor, Roles } from '@hub/platform';
import { IncidentIdPipe } from '../incidents/incident-id.pipe';
import { answer, textAnswer } from '../openapi/answer';
import { ImportAnswerSchema } from '../openapi/answers/features.answers';

@ApiTags('exports')
@ApiBearerAuth()
@Controller('incidents/:id')
export class ExportsController {
  constructor(
    private readonly exports: ExportIncidentUseCase,
    private readonly imports: ImportItemsUseCase,
  ) {}

  /** The incident's items as a STIX 2.1 bundle, a MISP event or ThreatExchange lines. */
  @Get('export')
  @ApiOperation({
    operationId: 'exportIncident',
    summary: 'Export an incident’s items as STIX 2.1, MISP or ThreatExchange',
  })
  @ApiOkResponse(
    textAnswer('The items in the format asked.', 'application/stix+json', 'application/json', 'text/plain'),
  )
  async export(
    @CurrentActor() actor: Actor,
    @Param('id', IncidentIdPipe) id: string,
    @Query() query: ExportQuery,
    @Res() res: Response,
  ): Promise<void> {
    const body = await this.exports.render(actor, id, query.format);
    res.status(200).type(EXPORT_MEDIA_TYPES[query.format]).send(body);
  }

  /** A STIX bundle, a MISP event or ThreatExchange lines, shared through the bulk path: the bulk answer. */
  @Post('items/import')
  @Roles('coordinator', 'authority', 'liaison')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'importItems',
    summary: 'Import a STIX bundle, a MISP event or ThreatExchange lines into an incident',
  })
  @ApiOkResponse(answer(ImportAnswerSchema))
  import(
    @CurrentActor() actor: Actor,
    @Param('id', IncidentIdPipe) id: string,
    @Query() query: ImportQuery,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
  ): Promise<ImportAnswer> {
    return this.imports.execute(actor, id, { contentType, body, channel: query.channel });
  }
}
