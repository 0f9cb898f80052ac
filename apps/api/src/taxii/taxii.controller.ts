import {
  applyDecorators,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBasicAuth,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  TAXII_MEDIA_TYPE,
  type TaxiiApiRoot,
  type TaxiiCollection,
  type TaxiiCollections,
  type TaxiiDiscovery,
  type TaxiiEnvelope,
  type TaxiiManifest,
  type TaxiiStatus,
  type TaxiiVersions,
} from '@hub/contracts';
import { TAXII_API_ROOT, TaxiiImportUseCase, TaxiiUseCases, type Actor, type TaxiiAnswer } from '@hub/domain';
import { AcceptsBasicAuth, CurrentActor, TaxiiExceptionFilter } from '@hub/platform';
import { TaxiiMediaGuard } from './taxii-media.guard';
import { TAXII_COLLECTIONS_SCHEMA, TAXII_ENVELOPE_BODY, TAXII_FILTERS, taxiiAnswer } from './taxii.openapi';

const filtered = () =>
  applyDecorators(...TAXII_FILTERS.map((q) => ApiQuery({ ...q, schema: { ...q.schema } })));

const ROOT = TAXII_API_ROOT;
const COLLECTION = `${ROOT}/collections/:collectionId`;

/** The answer's body, with the dates of its first and last objects as TAXII's headers. */
function withDates<T>(res: Response, answer: TaxiiAnswer<T>): T {
  if (answer.dateAddedFirst) res.setHeader('X-TAXII-Date-Added-First', answer.dateAddedFirst);
  if (answer.dateAddedLast) res.setHeader('X-TAXII-Date-Added-Last', answer.dateAddedLast);
  return answer.body;
}

/** TAXII 2.1 at `/taxii2/`: discovery, the one API root, collections of incidents and banks, statuses. */
@ApiTags('taxii')
@ApiBearerAuth()
@ApiBasicAuth()
@AcceptsBasicAuth()
@UseGuards(TaxiiMediaGuard)
@UseFilters(TaxiiExceptionFilter)
@Controller('taxii2')
export class TaxiiController {
  constructor(
    private readonly taxii: TaxiiUseCases,
    private readonly imports: TaxiiImportUseCase,
  ) {}

  /** Discovery: the API root's address, from the address the client called. */
  @Get()
  @ApiOperation({ operationId: 'taxiiDiscovery', summary: 'TAXII discovery: the API root' })
  @ApiOkResponse(taxiiAnswer('discovery', 'The server and its API root'))
  @Header('Content-Type', TAXII_MEDIA_TYPE)
  discovery(@Req() req: Request): TaxiiDiscovery {
    return this.taxii.discovery(`${req.protocol}://${req.get('host') ?? 'localhost'}`);
  }

  @Get(ROOT)
  @ApiOperation({ operationId: 'taxiiApiRoot', summary: 'The TAXII API root' })
  @ApiOkResponse(taxiiAnswer('apiRoot', 'The API root: versions and the largest envelope'))
  @Header('Content-Type', TAXII_MEDIA_TYPE)
  apiRoot(): TaxiiApiRoot {
    return this.taxii.apiRoot();
  }

  @Get(`${ROOT}/collections`)
  @ApiOperation({ operationId: 'taxiiCollections', summary: 'The collections the caller sees' })
  @ApiOkResponse({
    description: 'A collection per incident and per bank the caller sees',
    content: { [TAXII_MEDIA_TYPE]: { schema: TAXII_COLLECTIONS_SCHEMA } },
  })
  @Header('Content-Type', TAXII_MEDIA_TYPE)
  collections(@CurrentActor() actor: Actor): Promise<TaxiiCollections> {
    return this.taxii.collections(actor);
  }

  @Get(COLLECTION)
  @ApiOperation({ operationId: 'taxiiCollection', summary: 'One collection' })
  @ApiOkResponse(taxiiAnswer('collection', 'The collection'))
  @Header('Content-Type', TAXII_MEDIA_TYPE)
  collection(@CurrentActor() actor: Actor, @Param('collectionId') id: string): Promise<TaxiiCollection> {
    return this.taxii.collection(actor, id);
  }

  @Get(`${COLLECTION}/objects`)
  @ApiOperation({ operationId: 'taxiiObjects', summary: 'A page of a collection’s STIX objects' })
  @ApiOkResponse(taxiiAnswer('envelope', 'An envelope; X-TAXII-Date-Added-First and -Last date its objects'))
  @filtered()
  @Header('Content-Type', TAXII_MEDIA_TYPE)
  async objects(
    @CurrentActor() actor: Actor,
    @Param('collectionId') id: string,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaxiiEnvelope> {
    return withDates(res, await this.taxii.objects(actor, id, query));
  }

  /** An envelope of STIX objects into a bank, through the bank import: 202 and the status resource. */
  @Post(`${COLLECTION}/objects`)
  @ApiOperation({ operationId: 'taxiiAddObjects', summary: 'Add a STIX envelope’s indicators to a bank' })
  @ApiConsumes(TAXII_MEDIA_TYPE)
  @ApiBody(TAXII_ENVELOPE_BODY)
  @ApiAcceptedResponse(taxiiAnswer('status', 'The status resource of the import'))
  @HttpCode(202)
  @Header('Content-Type', TAXII_MEDIA_TYPE)
  async add(
    @CurrentActor() actor: Actor,
    @Param('collectionId') id: string,
    @Req() req: Request,
  ): Promise<TaxiiStatus> {
    return this.imports.execute(actor, id, req);
  }

  @Get(`${COLLECTION}/manifest`)
  @ApiOperation({ operationId: 'taxiiManifest', summary: 'A page of a collection’s manifest' })
  @ApiOkResponse(taxiiAnswer('manifest', 'Each object’s id, date added and version'))
  @filtered()
  @Header('Content-Type', TAXII_MEDIA_TYPE)
  async manifest(
    @CurrentActor() actor: Actor,
    @Param('collectionId') id: string,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaxiiManifest> {
    return withDates(res, await this.taxii.manifest(actor, id, query));
  }

  @Get(`${COLLECTION}/objects/:objectId`)
  @ApiOperation({ operationId: 'taxiiObject', summary: 'One STIX object of a collection' })
  @ApiOkResponse(taxiiAnswer('envelope', 'An envelope holding the object'))
  @Header('Content-Type', TAXII_MEDIA_TYPE)
  async object(
    @CurrentActor() actor: Actor,
    @Param('collectionId') id: string,
    @Param('objectId') objectId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaxiiEnvelope> {
    return withDates(res, await this.taxii.object(actor, id, objectId));
  }

  @Get(`${COLLECTION}/objects/:objectId/versions`)
  @ApiOperation({ operationId: 'taxiiObjectVersions', summary: 'The versions of a STIX object' })
  @ApiOkResponse(taxiiAnswer('versions', 'The object’s versions'))
  @Header('Content-Type', TAXII_MEDIA_TYPE)
  async versions(
    @CurrentActor() actor: Actor,
    @Param('collectionId') id: string,
    @Param('objectId') objectId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaxiiVersions> {
    return withDates(res, await this.taxii.versions(actor, id, objectId));
  }

  @Get(`${ROOT}/status/:statusId`)
  @ApiOperation({ operationId: 'taxiiStatus', summary: 'The status of an envelope added to a bank' })
  @ApiOkResponse(taxiiAnswer('status', 'The status resource'))
  @Header('Content-Type', TAXII_MEDIA_TYPE)
  status(@CurrentActor() actor: Actor, @Param('statusId') statusId: string): Promise<TaxiiStatus> {
    return this.imports.status(actor, statusId);
  }
}
