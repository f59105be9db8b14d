import type { LookupAddress } from 'node:dns';
import {
  Resolve,
  WebhookTargetRefused,
  webhookLookup,
  webhookRegistrationProblem,
} from './webhook-target';

/** DNS as the test says it is (DNS is outside the system). */
const dns =
  (records: Record<string, LookupAddress[]>): Resolve =>
  async (hostname) => {
    const found = records[hostname];
    if (!found)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return found;
  };

const v4 = (address: string): LookupAddress => ({ address, family: 4 });
const v6 = (address: string): LookupAddress => ({ address, family: 6 });

const resolve = dns({
  'public.example.com': [v4('93.184.216.34'), v6('2606:2800:220:1:248:1893:25c8:1946')],
  'inside.example.com': [v4('10.1.2.3')],
  'mixed.example.com': [v4('93.184.216.34'), v4('127.0.0.1')],
  'metadata.example.com': [v6('::ffff:169.254.169.254')],
  'v6only.example.com': [v6('2606:2800:220:1:248:1893:25c8:1946')],
});

describe('webhookRegistrationProblem', () => {
  const problem = (url: string) =>
    webhookRegistrationProblem(url, { allowPrivate: false, resolve });

  it('accepts a name whose every address is public', async () => {
    expect(await problem('https://public.example.com/hook')).toBeNull();
  });

  it('refuses a name that resolves to a private, loopback or metadata address', async () => {
    expect(await problem('https://inside.example.com/hook')).toBe(
      'url must not point at inside.example.com: it resolves to 10.1.2.3, a private address',
    );
    expect(await problem('http://mixed.example.com/')).toMatch(
      /resolves to 127\.0\.0\.1, a loopback/,
    );
    expect(await problem('http://metadata.example.com/')).toMatch(/a cloud metadata address$/);
  });

  it('refuses literal addresses and local names without resolving them', async () => {
    const never: Resolve = () => Promise.reject(new Error('must not resolve'));
    const opts = { allowPrivate: false, resolve: never };
    expect(await webhookRegistrationProblem('http://127.0.0.1/', opts)).toMatch(/loopback/);
    expect(await webhookRegistrationProblem('http://localhost/', opts)).toMatch(/local name/);
    expect(await webhookRegistrationProblem('http://8.8.8.8/', opts)).toBeNull();
  });

  it('accepts a name that does not resolve now, or not in time (delivery checks again)', async () => {
    expect(await problem('https://unknown.example.com/')).toBeNull();
    const slow: Resolve = () => new Promise(() => undefined);
    expect(
      await webhookRegistrationProblem('https://slow.example.com/', {
        allowPrivate: false,
        resolve: slow,
        timeoutMs: 20,
      }),
    ).toBeNull();
  });

  it('checks only the form when private targets are allowed', async () => {
    const opts = { allowPrivate: true, resolve };
    expect(await webhookRegistrationProblem('http://127.0.0.1:9/', opts)).toBeNull();
    expect(await webhookRegistrationProblem('http://inside.example.com/', opts)).toBeNull();
    expect(await webhookRegistrationProblem('gopher://inside.example.com/', opts)).toBe(
      'url must use http or https',
    );
  });
});

describe('webhookLookup', () => {
  type Answer = { error: NodeJS.ErrnoException | null; address: unknown; family?: number };
  const lookup = (
    hostname: string,
    options: { all?: boolean; family?: number },
    allowPrivate = false,
  ) =>
    new Promise<Answer>((done) =>
      webhookLookup({ allowPrivate, resolve })(hostname, options, (error, address, family) =>
        done({ error, address, family }),
      ),
    );

  it('hands the socket the checked addresses: all of them, or the first of the family asked', async () => {
    expect(await lookup('public.example.com', { all: true })).toEqual({
      error: null,
      address: [v4('93.184.216.34'), v6('2606:2800:220:1:248:1893:25c8:1946')],
      family: undefined,
    });
    expect(await lookup('public.example.com', {})).toEqual({
      error: null,
      address: '93.184.216.34',
      family: 4,
    });
    expect(await lookup('public.example.com', { family: 6 })).toMatchObject({
      address: '2606:2800:220:1:248:1893:25c8:1946',
      family: 6,
    });
  });

  it('refuses the connection when any address is refused (DNS rebinding)', async () => {
    for (const host of ['inside.example.com', 'mixed.example.com', 'metadata.example.com']) {
      const { error } = await lookup(host, { all: true });
      expect(error).toBeInstanceOf(WebhookTargetRefused);
      expect(error!.message).toMatch(
        new RegExp(`^webhook target refused: url must not point at ${host}`),
      );
    }
    // Even when the family asked for has only public addresses.
    expect((await lookup('mixed.example.com', { family: 4 })).error).toBeInstanceOf(
      WebhookTargetRefused,
    );
  });

  it('passes resolution failures on, and says so when the family asked has no address', async () => {
    expect((await lookup('unknown.example.com', {})).error?.code).toBe('ENOTFOUND');
    expect((await lookup('v6only.example.com', { family: 4 })).error?.code).toBe('ENOTFOUND');
  });

  it('resolves without checking when private targets are allowed', async () => {
    expect(await lookup('inside.example.com', {}, true)).toEqual({
      error: null,
      address: '10.1.2.3',
      family: 4,
    });
  });
});
