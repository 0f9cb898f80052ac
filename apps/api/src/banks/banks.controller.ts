import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import {
  AddSignalsDto,
  BankHitsQuery,
  BankImportQuery,
  BankSignalsQuery,
  CreateBankDto,
  type AddSignalsAnswer,
  type BankHitView,
  type BankImportAnswer,
  type BankSignalView,
  type BankView,
  type Page,
} from '@hub/contracts';
import { BanksUseCases, ImportSignalsUseCase, type Actor } from '@hub/domain';
import { CurrentActor, Roles } from '@hub/platform';
import { uuidParam } from '../http/params';
import { answer } from '../openapi/answer';
import {
  AddSignalsAnswerSchema,
  BankHitViewSchema,
  BankImportAnswerSchema,
  BankSignalViewSchema,
  BankViewSchema,
} from '../openapi/answers/features.answers';
import { pageOf } from '../openapi/answers/answer-schema';

@ApiTags('banks')
@ApiBearerAuth()
@Controller('banks')
export class BanksController {
  constructor(
    private readonly banks: BanksUseCases,
    private readonly imports: ImportSignalsUseCase,
  ) {}

  @Post()
  @Roles('admin', 'coordinator')
  @ApiOperation({ operationId: 'createBank', summary: 'Create a hash bank' })
  @ApiCreatedResponse(answer(BankViewSchema))
  create(@CurrentActor() actor: Actor, @Body() body: CreateBankDto): Promise<BankView> {
    return this.banks.create(actor, body);
  }

  /** The banks the caller may see. */
  @Get()
  @ApiOperation({ operationId: 'listBanks', summary: 'List the banks the caller may see' })
  @ApiOkResponse(answer(pageOf(BankViewSchema)))
  list(@CurrentActor() actor: Actor): Promise<Page<BankView>> {
    return this.banks.list(actor);
  }

  /** The bank with its signal count and its latest import's state. */
  @Get(':id')
  @ApiOperation({ operationId: 'getBank', summary: 'Read a bank with its signal count and latest import' })
  @ApiOkResponse(answer(BankViewSchema))
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<BankView> {
    return this.banks.get(actor, id);
  }

  @Post(':id/signals')
  @HttpCode(200)
  @ApiOperation({ operationId: 'addBankSignals', summary: 'Add up to 10,000 signals to a bank' })
  @ApiOkResponse(answer(AddSignalsAnswerSchema))
  addSignals(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: AddSignalsDto,
  ): Promise<AddSignalsAnswer> {
    return this.banks.addSignals(actor, id, body.signals);
  }

  @Get(':id/signals')
  @ApiOperation({ operationId: 'listBankSignals', summary: 'List a bank’s signals' })
  @ApiOkResponse(answer(pageOf(BankSignalViewSchema)))
  signals(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() query: BankSignalsQuery,
  ): Promise<Page<BankSignalView>> {
    return this.banks.signals(actor, id, query);
  }

  /**
   * The bank's latest hits, newest first, `?limit=` (20 unless asked) a page: only those in incidents the
   * caller sees, so a hit never names an incident or item to someone outside it.
   */
  @Get(':id/hits')
  @ApiOperation({ operationId: 'listBankHits', summary: 'A bank’s latest hits in incidents the caller sees' })
  @ApiOkResponse(answer(pageOf(BankHitViewSchema)))
  hits(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() query: BankHitsQuery,
  ): Promise<Page<BankHitView>> {
    return this.banks.hits(actor, id, query);
  }

  /** Removing a signal is an entry of the bank's log; the signal stays, marked removed, and never matches again. */
  @Delete(':id/signals/:signalId')
  @ApiOperation({ operationId: 'removeBankSignal', summary: 'Remove a signal from a bank' })
  @ApiOkResponse(answer(BankSignalViewSchema))
  removeSignal(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Param('signalId', uuidParam('signalId')) signalId: string,
  ): Promise<BankSignalView> {
    return this.banks.removeSignal(actor, id, signalId);
  }

  /**
   * A ThreatExchange file (text/plain), a hash-list CSV (text/csv), a STIX 2.1 bundle
   * (application/stix+json) or a MISP event (application/json), read as it streams.
   */
  @Post(':id/import')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'importBankSignals',
    summary: 'Import a ThreatExchange file, a hash-list CSV, a STIX bundle or a MISP event into a bank',
  })
  @ApiOkResponse(answer(BankImportAnswerSchema))
  import(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() query: BankImportQuery,
    @Headers('content-type') contentType: string | undefined,
    @Req() req: Request,
  ): Promise<BankImportAnswer> {
    return this.imports.execute(actor, id, { contentType, body: req, algorithm: query.algorithm });
  }
}
