import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { TechniqueListView } from '@hub/contracts';
import { listTechniques } from '@hub/domain';
import { answer } from '../openapi/answer';
import { TechniqueListSchema } from '../openapi/answers/narratives.answers';

/** Any member: the DISARM techniques an item may name, for pickers and for checking before a share. */
@ApiTags('techniques')
@ApiBearerAuth()
@Controller('techniques')
export class TechniquesController {
  @Get()
  @ApiOperation({
    operationId: 'listTechniques',
    summary: 'The DISARM Red Framework techniques items may name',
  })
  @ApiOkResponse(answer(TechniqueListSchema))
  list(): TechniqueListView {
    return listTechniques();
  }
}
