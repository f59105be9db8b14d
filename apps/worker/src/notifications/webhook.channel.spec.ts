import { once } from 'node:events';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '@app/config';
import { Resolve, verifyWebhook, WebhookTargetRefused } from '@app/domain';
import { WebhookChannel } from './webhook.channel';

/**
 * The channel against a real HTTP receiver on loopback. DNS is the test's (outside the
 * system): "rebound.example.com" answers 127.0.0.1, as a name re-pointed after registration
 * would.
 */
describe('WebhookChannel', () => {
  let server: Server;
  let port: number;
  let answer = 204;
  const received: Array<{ host: string; body: string; signature: string }> = [];

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({
          host: String(req.headers.host),
          body,
          signature: String(req.headers['x-voucher-signature']),
        });
        if (answer === 302) res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
        else res.writeHead(answer).end('ignored');
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));
  beforeEach(() => {
    received.length = 0;
    answer = 204;
  });

  const resolve: Resolve = async (hostname) => {
    if (hostname === 'rebound.example.com') return [{ address: '127.0.0.1', family: 4 }];
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  };
  const channel = (allowPrivate: boolean) =>
    new WebhookChannel({ WEBHOOK_ALLOW_PRIVATE_TARGETS: allowPrivate } as AppConfig, resolve);
  const call = (url: string) => ({
    url,
    secret: 'secret-of-sixteen-chars',
    deliveryKey: 'outbox-1:user-1:WEBHOOK',
    eventType: 'payment.disbursed',
    payload: { amountKrw: 10_000_000 },
    createdAt: new Date('2025-05-01T00:00:00Z'),
  });

  it('refuses an address literal before connecting', async () => {
    await expect(channel(false).send(call(`http://127.0.0.1:${port}/hook`))).rejects.toThrow(
      new WebhookTargetRefused('url must not point at 127.0.0.1: a loopback address'),
    );
    await expect(channel(false).send(call(`http://[::ffff:7f00:1]:${port}/`))).rejects.toThrow(
      /loopback/,
    );
    expect(received).toEqual([]);
  });

  it('refuses a name that resolves to loopback at delivery time, sending nothing', async () => {
    await expect(
      channel(false).send(call(`http://rebound.example.com:${port}/hook`)),
    ).rejects.toThrow(
      'webhook target refused: url must not point at rebound.example.com: it resolves to 127.0.0.1, a loopback address',
    );
    expect(received).toEqual([]);
  });

  it('delivers, signed, to the address it resolved when private targets are allowed', async () => {
    await channel(true).send(call(`http://rebound.example.com:${port}/hook`));
    expect(received).toHaveLength(1);
    // Connected to the address the lookup gave, with the name in the Host header.
    expect(received[0].host).toBe(`rebound.example.com:${port}`);
    expect(JSON.parse(received[0].body)).toMatchObject({
      id: 'outbox-1:user-1:WEBHOOK',
      type: 'payment.disbursed',
      data: { amountKrw: 10_000_000 },
    });
    expect(
      verifyWebhook(
        'secret-of-sixteen-chars',
        received[0].body,
        received[0].signature,
        Math.floor(Date.now() / 1000),
      ),
    ).toBe(true);
  });

  it('fails on a non-2xx answer and never follows a redirect', async () => {
    answer = 500;
    await expect(channel(true).send(call(`http://127.0.0.1:${port}/`))).rejects.toThrow(
      'webhook answered 500',
    );
    answer = 302;
    await expect(channel(true).send(call(`http://127.0.0.1:${port}/`))).rejects.toThrow(
      'webhook answered 302',
    );
    expect(received).toHaveLength(2);
  });
});
