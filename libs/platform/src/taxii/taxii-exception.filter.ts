import { ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { TAXII_MEDIA_TYPE, type TaxiiError } from '@hub/contracts';
import type { Response } from 'express';
import { HttpExceptionFilter } from '../http/http-exception.filter';

/**
 * TAXII answers errors as its own error message (`title`, `description`, `http_status`), in its media
 * type. The status and message are the hub's usual mapping: one place decides what an error means.
 */
@Catch()
export class TaxiiExceptionFilter implements ExceptionFilter {
  private readonly hub = new HttpExceptionFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    const body = this.hub.toBody(exception);
    const error: TaxiiError = {
      title: body.error,
      ...(body.message && { description: body.message }),
      http_status: String(body.statusCode),
    };
    // TAXII clients answer a challenge with Basic; a bearer token works as well.
    if (body.statusCode === 401) response.setHeader('WWW-Authenticate', 'Basic realm="crisis-hub TAXII"');
    response.status(body.statusCode).type(TAXII_MEDIA_TYPE).send(JSON.stringify(error));
  }
}
