import {
  Injectable,
  NotAcceptableException,
  UnsupportedMediaTypeException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { TAXII_MEDIA_TYPE } from '@hub/contracts';
import type { Request } from 'express';

/** `application/taxii+json`, with no version or version 2.1 (the one this server speaks). */
function isTaxii(mediaType: string): boolean {
  const [type, ...params] = mediaType.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/taxii+json') return false;
  const version = params.find((p) => p.startsWith('version='));
  return !version || version === 'version=2.1';
}

/**
 * TAXII 2.1 (section 1.6.8): a client asks for `application/taxii+json;version=2.1` and is answered 406
 * otherwise; an envelope it sends is in that media type, else 415.
 */
@Injectable()
export class TaxiiMediaGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const accept = request.headers.accept ?? '';
    if (!accept.split(',').some(isTaxii)) {
      throw new NotAcceptableException(`Accept: this server answers ${TAXII_MEDIA_TYPE}`);
    }
    if (request.method === 'POST' && !isTaxii(request.headers['content-type'] ?? '')) {
      throw new UnsupportedMediaTypeException(`Content-Type: an envelope is sent as ${TAXII_MEDIA_TYPE}`);
    }
    return true;
  }
}
