import { InvalidArgumentError, type Command } from 'commander';
import type { HubClient } from '@hub/client';
import { CONTACT_TIERS, LANGUAGES, type ContactTier, type Language } from '@hub/contracts';
import { collect, print, table } from '../core/cli-output';
import { findOrganisation } from '../core/organisation-lookup';

/**
 * `hub contacts list|add <organisation>`: the people the hub e-mails at a platform without an integration
 * (tier 1 new cells, tier 2 an overdue acknowledgement, tier 3 an overdue action). The organisation is its
 * id, its name or its platform key.
 */
export function registerContactsCommand(program: Command, client: () => HubClient): void {
  const contacts = program.command('contacts').description("an organisation's contact points for e-mail");
  contacts
    .command('list <organisation>')
    .description("an organisation's contact points")
    .option('--json', 'print the hub’s answer as JSON, for scripts')
    .action(async (name: string, options: { json?: boolean }) => {
      const api = client();
      const page = await api.contacts((await findOrganisation(api, name)).id);
      print(options, page, () =>
        table(page.items, [
          { header: 'ID', value: (c) => c.id },
          { header: 'TIER', value: (c) => c.tier },
          { header: 'NAME', value: (c) => c.name },
          { header: 'EMAIL', value: (c) => c.email },
          { header: 'LANGUAGES', value: (c) => c.languages.join(',') },
          { header: 'MAIL', value: (c) => (c.exercise ? 'exercise' : 'live') },
        ]),
      );
    });
  contacts
    .command('add <organisation>')
    .description('add a contact point (an admin)')
    .requiredOption('--name <name>', 'who, or which desk')
    .requiredOption('--email <email>', 'where the e-mails go')
    .requiredOption(
      '--tier <tier>',
      'tier 1 (duty desk), 2 (backup) or 3 (head of trust and safety)',
      (v) => {
        const tier = Number(v);
        if (!(CONTACT_TIERS as readonly number[]).includes(tier))
          throw new InvalidArgumentError('--tier must be 1, 2 or 3');
        return tier as ContactTier;
      },
    )
    .option(
      '--language <language...>',
      `the languages of its e-mails, the first one the hub has used (${LANGUAGES.join(', ')})`,
      collect,
    )
    .option('--exercise', 'receives exercise mail only (else live mail only)')
    .option('--json', 'print the hub’s answer as JSON, for scripts')
    .action(
      async (
        name: string,
        options: {
          name: string;
          email: string;
          tier: ContactTier;
          language?: string[];
          exercise?: boolean;
          json?: boolean;
        },
      ) => {
        const api = client();
        const organisation = await findOrganisation(api, name);
        const contact = await api.addContact(organisation.id, {
          name: options.name,
          email: options.email,
          tier: options.tier,
          // The hub refuses a language it does not have, naming the ones it has.
          ...(options.language ? { languages: options.language as Language[] } : {}),
          ...(options.exercise ? { exercise: true } : {}),
        });
        print(
          options,
          contact,
          () =>
            `added ${contact.name} <${contact.email}> at tier ${contact.tier} of ${organisation.name}: ${contact.id}\n`,
        );
      },
    );
}
