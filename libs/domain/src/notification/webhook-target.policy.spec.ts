import {
  blockedAddressReason,
  blockedHostnameReason,
  checkWebhookUrl,
  embeddedIpv4,
} from './webhook-target.policy';

describe('blockedAddressReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['169.254.1.1', 'link-local'],
    ['169.254.169.254', 'cloud metadata'],
    ['169.254.170.2', 'cloud metadata'],
    ['100.100.100.200', 'cloud metadata'],
    ['192.0.0.192', 'cloud metadata'],
    ['192.0.2.1', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['224.0.0.251', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
  ])('refuses IPv4 %s as %s', (ip, reason) => {
    expect(blockedAddressReason(ip)).toBe(reason);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '172.15.255.255', '100.128.0.1', '211.43.8.1'])(
    'accepts public IPv4 %s',
    (ip) => {
      expect(blockedAddressReason(ip)).toBeNull();
    },
  );

  it.each([
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['FE80::abcd', 'link-local'],
    ['fc00::1', 'unique local'],
    ['fd12:3456:789a::1', 'unique local'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['fec0::1', 'site-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['2001::1', 'reserved'],
    ['100::1', 'reserved'],
    ['64:ff9b:1::1', 'reserved'],
    // IPv4-compatible (deprecated) and other addresses outside 2000::/3.
    ['::127.0.0.1', 'not global unicast'],
    ['4000::1', 'not global unicast'],
  ])('refuses IPv6 %s as %s', (ip, reason) => {
    expect(blockedAddressReason(ip)).toBe(reason);
  });

  it.each(['2606:4700:4700::1111', '2001:4860:4860::8888', '2404:6800:4004:80f::200e'])(
    'accepts global unicast IPv6 %s',
    (ip) => {
      expect(blockedAddressReason(ip)).toBeNull();
    },
  );

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:7f00:0001', 'loopback'],
    ['::ffff:169.254.169.254', 'cloud metadata'],
    ['::ffff:a9fe:a9fe', 'cloud metadata'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:0.0.0.0', 'unspecified'],
    // NAT64 (what DNS64 answers) and 6to4 reach the IPv4 address inside them.
    ['64:ff9b::a9fe:a9fe', 'cloud metadata'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['2002:7f00:1::1', 'loopback'],
    ['2002:c0a8:0101::', 'private'],
  ])('judges %s by the IPv4 address inside it (%s)', (ip, reason) => {
    expect(blockedAddressReason(ip)).toBe(reason);
  });

  it.each(['::ffff:8.8.8.8', '::ffff:808:808', '64:ff9b::8.8.8.8', '2002:808:808::1'])(
    'accepts %s, which stands for a public IPv4 address',
    (ip) => {
      expect(blockedAddressReason(ip)).toBeNull();
    },
  );

  it('refuses what is not an IP address', () => {
    expect(blockedAddressReason('example.com')).toBe('not an IP address');
    expect(blockedAddressReason('')).toBe('not an IP address');
    expect(blockedAddressReason('127.000.000.001')).toBe('not an IP address');
  });
});

describe('embeddedIpv4', () => {
  it('finds the IPv4 address of mapped, NAT64 and 6to4 addresses only', () => {
    expect(embeddedIpv4('::ffff:c000:0280')).toBe('192.0.2.128');
    expect(embeddedIpv4('64:ff9b::192.0.2.33')).toBe('192.0.2.33');
    expect(embeddedIpv4('2002:c000:0221::1')).toBe('192.0.2.33');
    expect(embeddedIpv4('2001:db8::1')).toBeNull();
    expect(embeddedIpv4('127.0.0.1')).toBeNull();
  });
});

describe('blockedHostnameReason', () => {
  it.each([
    'localhost',
    'LOCALHOST',
    'localhost.',
    'app.localhost',
    'printer.local',
    'metadata.google.internal',
    'box.localdomain',
    'nas.home.arpa',
    'router.lan',
  ])('refuses the local name %s', (name) => {
    expect(blockedHostnameReason(name)).toMatch(/^a local name/);
  });

  it.each(['redis', 'postgres', 'metadata', 'vm'])('refuses the single-label name %s', (name) => {
    expect(blockedHostnameReason(name)).toBe('a single-label name, not a public DNS name');
  });

  it.each(['erp.example.kr', 'hooks.example.com', 'localhost.example.com', 'local.kr'])(
    'accepts the public name %s (its addresses are checked once resolved)',
    (name) => {
      expect(blockedHostnameReason(name)).toBeNull();
    },
  );
});

describe('checkWebhookUrl', () => {
  const refused = (url: string) => {
    const result = checkWebhookUrl(url);
    if (result.ok) throw new Error(`${url} was accepted`);
    return result.reason;
  };

  it('refuses loopback however it is written, as fetch would read it', () => {
    expect(refused('http://127.0.0.1:3000/hook')).toBe(
      'url must not point at 127.0.0.1: a loopback address',
    );
    for (const url of [
      'http://2130706433/',
      'http://0x7f.1/',
      'http://127.1/',
      'http://%31%32%37.0.0.1/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[0:0:0:0:0:ffff:7f00:1]/',
    ]) {
      expect(refused(url)).toMatch(/a loopback address$/);
    }
  });

  it('refuses the metadata service, 0.0.0.0, private and link-local addresses', () => {
    expect(refused('http://169.254.169.254/latest/meta-data/')).toBe(
      'url must not point at 169.254.169.254: a cloud metadata address',
    );
    expect(refused('http://0/')).toMatch(/0\.0\.0\.0: an unspecified address$/);
    expect(refused('http://0.0.0.0:8080/')).toMatch(/an unspecified address$/);
    expect(refused('https://10.0.0.8/')).toMatch(/a private address$/);
    expect(refused('http://[fe80::1]/')).toMatch(/a link-local address$/);
    expect(refused('http://[fd00::1]:9000/')).toMatch(/a unique local address$/);
  });

  it('refuses local names', () => {
    expect(refused('http://localhost:3000/')).toBe(
      'url must not point at localhost: a local name (.localhost)',
    );
    expect(refused('http://LOCALHOST./')).toMatch(/a local name/);
    expect(refused('http://metadata.google.internal/computeMetadata/v1/')).toMatch(
      /a local name \(\.internal\)/,
    );
    expect(refused('http://redis:6379/')).toMatch(/a single-label name/);
  });

  it('refuses other schemes and what is no URL', () => {
    expect(refused('ftp://example.com/')).toBe('url must use http or https');
    expect(refused('file:///etc/passwd')).toBe('url must use http or https');
    expect(refused('not a url')).toBe('url must be an absolute http(s) URL');
  });

  it('accepts public hosts, keeping the host name to resolve and any IP literal', () => {
    expect(checkWebhookUrl('https://erp.example.kr/hooks/voucher')).toMatchObject({
      ok: true,
      hostname: 'erp.example.kr',
      ip: null,
    });
    expect(checkWebhookUrl('http://8.8.8.8:8080/x')).toMatchObject({ ok: true, ip: '8.8.8.8' });
    expect(checkWebhookUrl('http://[2606:4700:4700::1111]/')).toMatchObject({
      ok: true,
      ip: '2606:4700:4700::1111',
    });
  });

  it('allows private targets only when configured to', () => {
    expect(checkWebhookUrl('http://127.0.0.1:9/', true)).toMatchObject({
      ok: true,
      ip: '127.0.0.1',
    });
    expect(checkWebhookUrl('http://localhost:9/', true)).toMatchObject({ ok: true, ip: null });
    // The form is still checked.
    expect(checkWebhookUrl('ftp://127.0.0.1/', true)).toMatchObject({ ok: false });
  });
});
