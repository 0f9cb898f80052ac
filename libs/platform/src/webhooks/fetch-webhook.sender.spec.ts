import { DomainError } from '@hub/domain';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FetchWebhookSender } from './fetch-webhook.sender';
import { assertWebhookTargets, WebhookTargetRefused, type Resolver } from './webhook-target';

describe('webhook targets', () => {
  let server: Server;
  let port: number;
  const received: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      received.push(req.url ?? '');
      if (req.url === '/redirect') {
        res.writeHead(302, { location: `http://127.0.0.1:${port}/followed` }).end();
      } else res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => received.splice(0));

  /** A resolver that answers from a table: what a hostile or changed DNS record would answer. */
  const resolver =
    (table: Record<string, string[]>): Resolver =>
    async (host) =>
      (table[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  const post = (sender: FetchWebhookSender, url: string) =>
    sender.send({ url, headers: { 'content-type': 'application/json' }, body: '{}' });

  it('refuses a literal private address at connect time, in every spelling, and sends nothing', async () => {
    const sender = new FetchWebhookSender(2_000);
    try {
      for (const host of ['127.0.0.1', '2130706433', '0x7f.0.0.1', '[::ffff:127.0.0.1]', 'localhost']) {
        await expect(post(sender, `http://${host}:${port}/hook`)).rejects.toBeInstanceOf(
          WebhookTargetRefused,
        );
      }
      await expect(post(sender, 'http://169.254.169.254/latest/meta-data/')).rejects.toThrow(/link-local/);
      expect(received).toEqual([]);
    } finally {
      sender.close();
    }
  });

  it('refuses a name whose answer is private when the connection is made (DNS rebinding)', async () => {
    const sender = new FetchWebhookSender(2_000, {
      allowPrivate: false,
      resolve: resolver({ 'hooks.rebind.example': ['127.0.0.1'], 'mixed.example': ['93.184.216.34', '::1'] }),
    });
    try {
      await expect(post(sender, `http://hooks.rebind.example:${port}/hook`)).rejects.toThrow(
        /hooks.rebind.example resolves to a loopback address 127.0.0.1/,
      );
      await expect(post(sender, `http://mixed.example:${port}/hook`)).rejects.toThrow(/loopback/);
      expect(received).toEqual([]);
    } finally {
      sender.close();
    }
  });

  it('connects when private targets are allowed, and never follows a redirect', async () => {
    const sender = new FetchWebhookSender(2_000, {
      allowPrivate: true,
      resolve: resolver({ 'hooks.local.example': ['127.0.0.1'] }),
    });
    try {
      expect(await post(sender, `http://127.0.0.1:${port}/hook`)).toEqual({ status: 204 });
      expect(await post(sender, `http://hooks.local.example:${port}/hook`)).toEqual({ status: 204 });
      expect(await post(sender, `http://127.0.0.1:${port}/redirect`)).toEqual({ status: 302 });
      expect(received).toEqual(['/hook', '/hook', '/redirect']);
    } finally {
      sender.close();
    }
  });

  it('names the field at registration: literal addresses and names that resolve to them', async () => {
    const resolve = resolver({ 'metadata.example': ['169.254.169.254'], 'ok.example': ['93.184.216.34'] });
    const refusal = await assertWebhookTargets(
      {
        webhook: { url: 'http://metadata.example/latest' },
        exerciseWebhook: { url: 'http://[fd00::1]/hook' },
      },
      false,
      resolve,
    ).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).details).toEqual([
      {
        field: 'webhook.url',
        message:
          'webhook.url: metadata.example resolves to a link-local address 169.254.169.254, which is not allowed',
      },
      {
        field: 'exerciseWebhook.url',
        message: 'exerciseWebhook.url: unique-local address [fd00::1] is not allowed',
      },
    ]);
    await expect(
      assertWebhookTargets({ webhook: { url: 'https://ok.example/hook' } }, false, resolve),
    ).resolves.toBeUndefined();
    // Not resolvable yet: accepted, and checked again at every connection.
    await expect(
      assertWebhookTargets({ webhook: { url: 'https://later.example/hook' } }, false, resolve),
    ).resolves.toBeUndefined();
    await expect(
      assertWebhookTargets({ webhook: { url: 'http://127.0.0.1:9/hook' } }, true, resolve),
    ).resolves.toBeUndefined();
  });
});
