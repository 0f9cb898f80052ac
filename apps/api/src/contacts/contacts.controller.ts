import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CreateContactDto, type ContactView, type Page } from '@hub/contracts';
import {
  contactView,
  CreateContactUseCase,
  DeleteContactUseCase,
  ListContactsUseCase,
  type Actor,
} from '@hub/domain';
import { CurrentActor, Roles } from '@hub/platform';
import { uuidParam } from '../http/params';
import { answer } from '../openapi/answer';
import { ContactViewSchema } from '../openapi/answers/organisations.answers';
import { pageOf } from '../openapi/answers/answer-schema';

/** Contact points of organisations: admins manage them, the organisation's own members read them. */
@ApiTags('contacts')
@ApiBearerAuth()
@Controller()
export class ContactsController {
  constructor(
    private readonly createContact: CreateContactUseCase,
    private readonly listContacts: ListContactsUseCase,
    private readonly deleteContact: DeleteContactUseCase,
  ) {}

  @Post('organisations/:id/contacts')
  @Roles('admin')
  @ApiOperation({ operationId: 'createContact', summary: 'Add a contact point to an organisation' })
  @ApiCreatedResponse(answer(ContactViewSchema))
  async create(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: CreateContactDto,
  ): Promise<ContactView> {
    return contactView(await this.createContact.execute(id, body));
  }

  @Get('organisations/:id/contacts')
  @ApiOperation({ operationId: 'listContacts', summary: 'List an organisation’s contact points' })
  @ApiOkResponse(answer(pageOf(ContactViewSchema)))
  async list(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<Page<ContactView>> {
    return { items: (await this.listContacts.execute(actor, id)).map(contactView) };
  }

  @Delete('contacts/:id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ operationId: 'removeContact', summary: 'Remove a contact point' })
  @ApiNoContentResponse({ description: 'Removed.' })
  async remove(@Param('id', uuidParam('id')) id: string): Promise<void> {
    await this.deleteContact.execute(id);
  }
}
