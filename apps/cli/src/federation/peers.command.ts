import type { Command } from 'commander';
import type { HubClient } from '@hub/client';
import { collect, print, record, table } from '../core/cli-output';
import { findOrganisation } from '../core/organisation-lookup';

/**
 * `hub peers list|add|remove` and `hub sharing-group add`: the hubs this one shares incidents with
 * (docs/federation.md). `add` takes the token the other hub issued to this one, and this hub's
 * organisation (kind `hub`) that stands for it: its id or its name.
 */
export function registerPeersCommand(program: Command, client: () => HubClient): void {
  const peers = program.command('peers').description('the peer hubs this hub shares incidents with');
  peers
    .command('list')
    .description('each peer and how it stands: last contact, backlog, errors')
    .option('--json', 'print the hub’s answer as JSON, for scripts')
    .action(async (options: { json?: boolean }) => {
      const answer = await client().peers();
      print(options, answer, () =>
        table(answer.items, [
          { header: 'ID', value: (p) => p.id },
          { header: 'NAME', value: (p) => p.name },
          { header: 'STATE', value: (p) => p.state },
          { header: 'LAST CONTACT', value: (p) => p.lastContactAt },
          { header: 'BACKLOG', value: (p) => p.backlog },
          { header: 'REFUSED', value: (p) => p.refusals },
          { header: 'LAST ERROR', value: (p) => p.lastError?.message },
        ]),
      );
    });
  peers
    .command('add <name>')
    .description('connect a peer hub (an admin): its HUB_NAME, its address, the token it issued here')
    .requiredOption('--peer-url <url>', 'where the peer hub answers (https://eu-hub.example)')
    .requiredOption('--peer-token <token>', 'the token the peer hub issued to this one')
    .requiredOption(
      '--organisation <organisation>',
      'this hub’s organisation (kind hub) standing for the peer',
    )
    .option('--exercise', 'the peer receives exercise incidents too')
    .option('--json', 'print the hub’s answer as JSON, for scripts')
    .action(
      async (
        name: string,
        options: {
          peerUrl: string;
          peerToken: string;
          organisation: string;
          exercise?: boolean;
          json?: boolean;
        },
      ) => {
        const api = client();
        const organisation = await findOrganisation(api, options.organisation);
        const peer = await api.addPeer({
          name,
          url: options.peerUrl,
          token: options.peerToken,
          organisationId: organisation.id,
          ...(options.exercise ? { exercise: true } : {}),
        });
        print(options, peer, () =>
          record({ id: peer.id, name: peer.name, url: peer.url, state: peer.state }),
        );
      },
    );
  peers
    .command('remove <id>')
    .description('disconnect a peer hub (an admin); what it received stays there')
    .action(async (id: string) => {
      await client().removePeer(id);
      process.stdout.write(`peer ${id} removed\n`);
    });
  program
    .command('sharing-group')
    .description('sharing groups: peers an incident may be shared with')
    .command('add <name>')
    .description('name some peers (their ids) an incident may be shared with')
    .requiredOption('--peer <id...>', 'a peer’s id (repeat, or comma-separated)', collect)
    .option('--json', 'print the hub’s answer as JSON, for scripts')
    .action(async (name: string, options: { peer: string[]; json?: boolean }) => {
      const group = await client().createSharingGroup({ name, peers: options.peer });
      print(options, group, () => record({ id: group.id, name: group.name, peers: group.peers.join(',') }));
    });
}
