import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { blockedAddressReason, checkWebhookUrl, resolvedRefusal } from './webhook-target.policy';

/** Resolves a host name to all its addresses (the system resolver: hosts file, then DNS). */
export type Resolve = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolve: Resolve = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

/** A webhook target refused by the address rules (the delivery fails without any request). */
export class WebhookTargetRefused extends Error {
  constructor(readonly reason: string) {
    super(`webhook target refused: ${reason}`);
    this.name = 'WebhookTargetRefused';
  }
}

/** The first refused address among a name's addresses, as the reason to give, or null. */
export function refusedAmong(hostname: string, addresses: LookupAddress[]): string | null {
  for (const a of addresses) {
    const reason = blockedAddressReason(a.address);
    if (reason) return resolvedRefusal(hostname, a.address, reason);
  }
  return null;
}

/**
 * What a registration is refused for, or null. The URL's own host is checked first; a name is
 * then resolved, and refused if any of its addresses is (a name answering both a public and a
 * private address could be steered to the private one). A name that does not resolve now is
 * accepted: DNS may be down, or the record made later; the worker checks again on every
 * delivery (webhookLookup), which is what stops DNS rebinding.
 */
export async function webhookRegistrationProblem(
  text: string,
  opts: { allowPrivate: boolean; resolve?: Resolve; timeoutMs?: number },
): Promise<string | null> {
  const checked = checkWebhookUrl(text, opts.allowPrivate);
  if (!checked.ok) return checked.reason;
  if (opts.allowPrivate || checked.ip) return null;
  const resolve = opts.resolve ?? systemResolve;
  let timer: NodeJS.Timeout | undefined;
  const addresses = await Promise.race([
    resolve(checked.hostname).catch(() => [] as LookupAddress[]),
    new Promise<LookupAddress[]>((done) => {
      timer = setTimeout(() => done([]), opts.timeoutMs ?? 3000);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
  return refusedAmong(checked.hostname, addresses);
}

/**
 * The `lookup` of the worker's webhook connection: resolves the name, refuses the connection
 * if any address is refused, and hands the socket only the addresses it checked, so the
 * address connected to is the address checked (a second resolution could answer otherwise:
 * DNS rebinding). With allowPrivate it resolves without checking.
 */
export function webhookLookup(opts: { allowPrivate: boolean; resolve?: Resolve }): LookupFunction {
  const resolve = opts.resolve ?? systemResolve;
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (found) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
        const addresses = wanted ? found.filter((a) => a.family === wanted) : found;
        const refused = opts.allowPrivate ? null : refusedAmong(hostname, found);
        if (refused) return callback(new WebhookTargetRefused(refused), '', 0);
        if (!addresses.length) {
          const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
          error.code = 'ENOTFOUND';
          return callback(error, '', 0);
        }
        if (options.all) {
          (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
        } else {
          callback(null, addresses[0].address, addresses[0].family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}
