import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { LIMITS } from '@hub/contracts';
import {
  DomainError,
  LinkRefused,
  linkLanguage,
  ReceiptUseCases,
  refusalText,
  wordOf,
  type ReceiptPage,
} from '@hub/domain';
import { isLanguage, LANGUAGES, t, translator, type Language } from '@hub/i18n';
import { localizedMessage, Public, STATUS_OF_CODE } from '@hub/platform';
import { errorPage, receiptPage, refusalPage, REFUSAL_STATUS } from './receipt-page';
import { textAnswer } from '../openapi/answer';

const LANG_QUERY = {
  name: 'lang',
  required: false,
  enum: LANGUAGES,
  description: 'The language of the page; by default that of the e-mail the link came in.',
};

/** `?lang=` when the hub speaks it (the switcher's links), else the language of the link's e-mail. */
const languageOf = (token: string, lang: unknown): Language =>
  isLanguage(lang) ? lang : linkLanguage(token);

const selfOf = (token: string) => `/r/${encodeURIComponent(token)}`;

/**
 * One-click receipts, outside `/api/v1` and outside bearer authentication: the signed link is the
 * credential. GET shows the cell and changes nothing (mail scanners that pre-fetch links act on nothing);
 * POST, a plain form, records the answer through the same use case as a liaison's.
 */
@ApiTags('receipts')
@Controller('r')
@Public()
export class ReceiptsController {
  constructor(private readonly receipts: ReceiptUseCases) {}

  @Get(':token')
  @ApiOperation({ operationId: 'showReceipt', summary: 'The page of a one-click receipt link' })
  @ApiQuery(LANG_QUERY)
  @ApiOkResponse(textAnswer('The receipt page.', 'text/html'))
  async show(
    @Param('token') token: string,
    @Query('lang') lang: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const language = languageOf(token, lang);
    await this.answer(res, token, language, async () => ({ page: await this.receipts.show(token) }));
  }

  @Post(':token')
  @ApiOperation({
    operationId: 'recordReceipt',
    summary: 'Record a containment status through a receipt link (an HTML form)',
  })
  @ApiQuery(LANG_QUERY)
  @ApiOkResponse(textAnswer('The receipt page, with what was recorded.', 'text/html'))
  async record(
    @Param('token') token: string,
    @Query('lang') lang: unknown,
    @Body() body: Record<string, unknown> | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const language = languageOf(token, lang);
    const self = selfOf(token);
    const status = body?.status;
    const reason = body?.reason;
    if (
      typeof status !== 'string' ||
      status.length > 64 ||
      (reason !== undefined && typeof reason !== 'string')
    ) {
      this.send(res, 400, errorPage(language, t(language, 'receipt.formInvalid'), self));
      return;
    }
    if (typeof reason === 'string' && reason.length > LIMITS.reason) {
      this.send(
        res,
        400,
        errorPage(language, t(language, 'receipt.reasonTooLong', { max: LIMITS.reason }), self),
      );
      return;
    }
    await this.answer(res, token, language, async () => {
      const { page, moved } = await this.receipts.record(token, status, reason?.trim() || undefined);
      const tr = translator(language);
      const notice =
        page.kind === 'batch'
          ? tr('receipt.recorded.batch', { count: moved })
          : tr('receipt.recorded.cell', { status: wordOf(tr, 'cellStatus', status) });
      return { page, notice };
    });
  }

  private async answer(
    res: Response,
    token: string,
    language: Language,
    work: () => Promise<{ page: ReceiptPage; notice?: string }>,
  ): Promise<void> {
    const self = selfOf(token);
    try {
      const { page, notice } = await work();
      this.send(res, 200, receiptPage(page, self, language, notice));
    } catch (error) {
      if (error instanceof LinkRefused) {
        this.send(
          res,
          REFUSAL_STATUS[error.refusal],
          refusalPage(language, refusalText(error.words, language), self),
        );
      } else if (error instanceof DomainError) {
        // English keeps the particulars of the refusal; another language says what went wrong by its code.
        const message =
          language === 'en'
            ? error.message
            : localizedMessage(
                {
                  statusCode: STATUS_OF_CODE[error.code],
                  error: '',
                  message: error.message,
                  code: error.code,
                },
                language,
              );
        this.send(res, STATUS_OF_CODE[error.code], errorPage(language, message, self));
      } else {
        throw error;
      }
    }
  }

  private send(res: Response, status: number, html: string): void {
    res
      .status(status)
      .type('html')
      .set('cache-control', 'no-store')
      .set('referrer-policy', 'no-referrer')
      .set('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
      .send(html);
  }
}
