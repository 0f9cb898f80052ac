import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { BulletinQuery, type BulletinFormat } from '@hub/contracts';
import { ElectionBulletinUseCase, type Actor } from '@hub/domain';
import { CurrentActor } from '@hub/platform';
import { uuidParam } from '../http/params';
import { REPORT_PRESENTATION } from '../incidents/report-presentation';
import { BULLETIN_ANSWER } from '../openapi/answers/analytics.answers';

const BULLETIN_CONTENT_TYPES: Record<BulletinFormat, string> = {
  json: 'application/json',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('elections')
export class BulletinController {
  constructor(private readonly bulletins: ElectionBulletinUseCase) {}

  @Get(':id/bulletin')
  @ApiOperation({
    operationId: 'getElectionBulletin',
    summary: 'The day’s bulletin of an election',
    description:
      'What was flagged in the election’s incidents that day (UTC) by kind and DISARM technique, platforms’ answers to the cells created that day, and the warnings issued, counted by severity. No URL, hash, handle, organisation, name, contact or message text.',
  })
  @ApiOkResponse(BULLETIN_ANSWER)
  async get(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() query: BulletinQuery,
    @Res() res: Response,
  ): Promise<void> {
    const format = query.format ?? 'json';
    const language = query.lang ?? 'en';
    const body = await this.bulletins.render(actor, id, query.date, format, REPORT_PRESENTATION, language);
    // The documents for people say their language; data (JSON) has none.
    if (format !== 'json') res.set('content-language', language);
    res.status(200).type(BULLETIN_CONTENT_TYPES[format]).send(body);
  }
}
