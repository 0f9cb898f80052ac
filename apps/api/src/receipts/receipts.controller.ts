import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { LIMITS } from '@hub/contracts';
import { DomainError, LinkRefused, ReceiptUseCases, type ReceiptPage } from '@hub/domain';
import { Public, STATUS_OF_CODE } from '@hub/platform';
import { errorPage, receiptPage, refusalPage, REFUSAL_STATUS } from './receipt-page';
import { textAnswer } from '../openapi/answer';

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
  @ApiOkResponse(textAnswer('The receipt page.', 'text/html'))
  async show(@Param('token') token: string, @Res() res: Response): Promise<void> {
    await this.answer(res, token, async () => ({ page: await this.receipts.show(token) }));
  }

  @Post(':token')
  @ApiOperation({
    operationId: 'recordReceipt',
    summary: 'Record a containment status through a receipt link (an HTML form)',
  })
  @ApiOkResponse(textAnswer('The receipt page, with what was recorded.', 'text/html'))
  async record(
    @Param('token') token: string,
    @Body() body: Record<string, unknown> | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const status = body?.status;
    const reason = body?.reason;
    if (
      typeof status !== 'string' ||
      status.length > 64 ||
      (reason !== undefined && typeof reason !== 'string')
    ) {
      this.send(
        res,
        400,
        errorPage('Nothing recorded', 'The form must carry one status (and at most one reason).'),
      );
      return;
    }
    if (typeof reason === 'string' && reason.length > LIMITS.reason) {
      this.send(
        res,
        400,
        errorPage('Nothing recorded', `The reason may be at most ${LIMITS.reason} characters.`),
      );
      return;
    }
    await this.answer(res, token, async () => {
      const { page, moved } = await this.receipts.record(token, status, reason?.trim() || undefined);
      const notice =
        page.kind === 'batch'
          ? `Recorded: ${moved} item${moved === 1 ? '' : 's'} acknowledged.`
          : `Recorded: ${status.replace(/_/g, ' ')}. Thank you.`;
      return { page, notice };
    });
  }

  private async answer(
    res: Response,
    token: string,
    work: () => Promise<{ page: ReceiptPage; notice?: string }>,
  ): Promise<void> {
    try {
      const { page, notice } = await work();
      this.send(res, 200, receiptPage(page, `/r/${encodeURIComponent(token)}`, notice));
    } catch (error) {
      if (error instanceof LinkRefused) {
        this.send(res, REFUSAL_STATUS[error.refusal], refusalPage(error.message));
      } else if (error instanceof DomainError) {
        this.send(res, STATUS_OF_CODE[error.code], errorPage('Nothing recorded', error.message));
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
