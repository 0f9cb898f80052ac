import { Body, Controller, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UpdateMeDto, type MeView } from '@hub/contracts';
import { memberView, organisationView, SetMemberLanguageUseCase, type Actor } from '@hub/domain';
import { CurrentActor } from '@hub/platform';
import { answer } from '../openapi/answer';
import { MeViewSchema } from '../openapi/answers/organisations.answers';

/** Who reads which language: a member's own choice, beside `GET /me`. */
@ApiTags('identity')
@ApiBearerAuth()
@Controller()
export class LanguagesController {
  constructor(private readonly setLanguage: SetMemberLanguageUseCase) {}

  @Patch('me')
  @ApiOperation({
    operationId: 'updateMe',
    summary: 'Change what the caller chose of themselves: the language they read the hub in',
  })
  @ApiOkResponse(answer(MeViewSchema))
  async update(@CurrentActor() actor: Actor, @Body() body: UpdateMeDto): Promise<MeView> {
    const { member, organisation } = await this.setLanguage.execute(actor, body.language);
    return {
      member: memberView(member),
      organisation: organisationView(organisation, { showWebhooks: actor.role === 'admin' }),
    };
  }
}
