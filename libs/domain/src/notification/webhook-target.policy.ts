import { BlockList, isIP } from 'node:net';

/**
 * Where a user-registered webhook may point: public internet hosts only. The worker POSTs to
 * these URLs from inside the operator's network, so a URL naming a loopback, private,
 * link-local or cloud metadata address (or a name that resolves to one) would let any user
 * make the worker call internal services (SSRF). Pure: the address rules and the URL checks;
 * DNS resolution is done by webhook-target.ts, which applies these rules to every address.
 *
 * Address ranges follow the IANA special-purpose registries (RFC 6890 and successors);
 * matching is node:net's BlockList, which also applies the IPv4 rules to IPv4-mapped IPv6
 * addresses (::ffff:127.0.0.1 is loopback).
 */

type Family = 'ipv4' | 'ipv6';

/** Checked in order: the first range that holds the address names why it is refused. */
const RANGES: Array<[reason: string, family: Family, cidrs: string[]]> = [
  // Instance metadata services (AWS/GCP/Azure/OpenStack, ECS task role, Oracle, Alibaba).
  [
    'cloud metadata',
    'ipv4',
    ['169.254.169.254/32', '169.254.170.2/32', '192.0.0.192/32', '100.100.100.200/32'],
  ],
  ['cloud metadata', 'ipv6', ['fd00:ec2::254/128']],
  ['unspecified', 'ipv4', ['0.0.0.0/8']],
  ['loopback', 'ipv4', ['127.0.0.0/8']],
  ['private', 'ipv4', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']],
  ['carrier-grade NAT', 'ipv4', ['100.64.0.0/10']],
  ['link-local', 'ipv4', ['169.254.0.0/16']],
  ['documentation', 'ipv4', ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24']],
  ['benchmarking', 'ipv4', ['198.18.0.0/15']],
  ['multicast', 'ipv4', ['224.0.0.0/4']],
  ['broadcast', 'ipv4', ['255.255.255.255/32']],
  ['reserved', 'ipv4', ['192.0.0.0/24', '192.88.99.0/24', '240.0.0.0/4']],
  ['unspecified', 'ipv6', ['::/128']],
  ['loopback', 'ipv6', ['::1/128']],
  ['unique local', 'ipv6', ['fc00::/7']],
  ['link-local', 'ipv6', ['fe80::/10']],
  ['site-local', 'ipv6', ['fec0::/10']],
  ['multicast', 'ipv6', ['ff00::/8']],
  ['documentation', 'ipv6', ['2001:db8::/32', '3fff::/20']],
  ['reserved', 'ipv6', ['2001::/23', '100::/64', '64:ff9b:1::/48']],
];

const LISTS = RANGES.map(([reason, family, cidrs]) => {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [net, bits] = cidr.split('/');
    list.addSubnet(net, Number(bits), family);
  }
  return { reason, list };
});

/** The eight 16-bit words of a valid IPv6 address (zone id dropped, dotted tail allowed). */
function words(ip: string): number[] {
  let text = ip.split('%')[0].toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const gap = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(gap).fill('0'), ...right].map((w) => parseInt(w, 16));
}

const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

/**
 * The IPv4 address an IPv6 address stands for, where it is one: IPv4-mapped (::ffff:a.b.c.d),
 * NAT64 (64:ff9b::a.b.c.d, what DNS64 answers for IPv4-only hosts) and 6to4 (2002:AABB:CCDD::).
 */
export function embeddedIpv4(ip: string): string | null {
  if (isIP(ip) !== 6) return null;
  const w = words(ip);
  const zeros = (from: number, to: number) => w.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && w[5] === 0xffff) return v4(w[6], w[7]);
  if (w[0] === 0x64 && w[1] === 0xff9b && zeros(2, 6)) return v4(w[6], w[7]);
  if (w[0] === 0x2002) return v4(w[1], w[2]);
  return null;
}

/**
 * Why an IP address may not be a webhook target ("loopback", "private", "cloud metadata", …),
 * or null for a public unicast address. Anything not an IP address is refused too.
 */
export function blockedAddressReason(ip: string): string | null {
  const address = ip.split('%')[0];
  const family = isIP(address);
  if (family === 0) return 'not an IP address';
  if (family === 6) {
    // Mapped, NAT64 and 6to4 addresses reach the IPv4 address inside: judged by it.
    const inner = embeddedIpv4(address);
    if (inner) return blockedAddressReason(inner);
  }
  const type: Family = family === 4 ? 'ipv4' : 'ipv6';
  for (const { reason, list } of LISTS) if (list.check(address, type)) return reason;
  // Global unicast IPv6 is 2000::/3; the rest is reserved or special.
  if (type === 'ipv6' && (words(address)[0] & 0xe000) !== 0x2000) return 'not global unicast';
  return null;
}

/** Suffixes of names that only mean something inside a network (RFC 6761, 6762, 8375, …). */
const LOCAL_SUFFIXES = [
  'localhost',
  'local',
  'internal',
  'localdomain',
  'home.arpa',
  'lan',
  'intranet',
];

/** Why a host name may not be a webhook target, or null for a public DNS name. */
export function blockedHostnameReason(hostname: string): string | null {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (!name) return 'no host name';
  for (const suffix of LOCAL_SUFFIXES) {
    if (name === suffix || name.endsWith(`.${suffix}`)) return `a local name (.${suffix})`;
  }
  // "redis", "metadata", "vm": resolved through the local search domains or hosts file.
  if (!name.includes('.')) return 'a single-label name, not a public DNS name';
  return null;
}

export type WebhookUrlCheck =
  { ok: true; url: URL; hostname: string; ip: string | null } | { ok: false; reason: string };

/**
 * A webhook URL as the worker will call it: parsed the way fetch and http.request parse it
 * (WHATWG URL, so "http://2130706433/", "http://0x7f.1/" and "http://[::ffff:7f00:1]/" are
 * all 127.0.0.1), http or https only, and its host checked: an IP literal against the address
 * rules, a name against the local-name rules (its addresses are checked once resolved).
 * With allowPrivate, only the form is checked.
 */
export function checkWebhookUrl(text: string, allowPrivate = false): WebhookUrlCheck {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'url must be an absolute http(s) URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: 'url must use http or https' };
  }
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const ip = isIP(hostname) ? hostname : null;
  if (!allowPrivate) {
    const reason = ip ? blockedAddressReason(ip) : blockedHostnameReason(hostname);
    if (reason) return { ok: false, reason: refusal(url.hostname, reason, Boolean(ip)) };
  }
  return { ok: true, url, hostname, ip };
}

/** "url must not point at 127.0.0.1: a loopback address". */
export function refusal(host: string, reason: string, isAddress = true): string {
  return `url must not point at ${host}: ${isAddress ? `${withArticle(reason)} address` : reason}`;
}

/** The reason for a name whose resolved address is refused. */
export function resolvedRefusal(host: string, address: string, reason: string): string {
  return `url must not point at ${host}: it resolves to ${address}, ${withArticle(reason)} address`;
}

const withArticle = (reason: string) =>
  /^(?!uni)[aeiou]/i.test(reason) ? `an ${reason}` : `a ${reason}`;
