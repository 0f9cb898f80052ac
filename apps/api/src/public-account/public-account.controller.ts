import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { LanguageQuery, type PublicAccountView } from '@hub/contracts';
import { fromAcceptLanguage } from '@hub/i18n';
import { PublicAccountUseCase, renderPublicAccountHtml } from '@hub/domain';
import { Public } from '@hub/platform';
import { REPORT_PRESENTATION } from '../incidents/report-presentation';
import { answer, textAnswer } from '../openapi/answer';
import { PublicAccountSchema } from '../openapi/answers/analytics.answers';

/**
 * The public account, outside `/api/v1` and without a token: anyone may read it when HUB_PUBLIC_TRANSPARENCY
 * is true (else 404). Aggregates of closed live incidents only, rebuilt at most once a minute.
 */
@ApiTags('analytics')
@Controller()
@Public()
@SkipThrottle()
export class PublicAccountController {
  constructor(private readonly account: PublicAccountUseCase) {}

  @Get('transparency')
  @ApiOperation({
    operationId: 'getPublicAccountPage',
    summary: 'The public account of platforms’ response times, as a page',
  })
  @ApiOkResponse(textAnswer('The public account as an HTML page.', 'text/html'))
  async page(
    @Query() query: LanguageQuery,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    // The reader's language: the link's ?lang=, else the browser's, else English.
    const language = query.lang ?? fromAcceptLanguage(acceptLanguage) ?? 'en';
    const view = await this.account.get();
    res
      .status(200)
      .type('html')
      .set('cache-control', 'public, max-age=60')
      .set('vary', 'accept-language')
      .set('content-language', language)
      .set('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
      .send(renderPublicAccountHtml(view, REPORT_PRESENTATION, language));
  }

  @Get('transparency.json')
  @ApiOperation({
    operationId: 'getPublicAccount',
    summary: 'The public account of platforms’ response times',
  })
  @ApiOkResponse(answer(PublicAccountSchema))
  async json(@Res({ passthrough: true }) res: Response): Promise<PublicAccountView> {
    res.set('cache-control', 'public, max-age=60');
    return this.account.get();
  }
}
