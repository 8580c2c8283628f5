import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { FeedmillError } from '../../../src/model/errors.js';
import { createGuard, type Resolver } from '../../../src/fetch/guard.js';
import { classifyAddress, embeddedIPv4, ipv6Bytes } from '../../../src/fetch/ip.js';

describe('classifyAddress', () => {
  it.each([
    ['0.0.0.0', 'this network'],
    ['0.1.2.3', 'this network'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private network'],
    ['172.16.0.1', 'private network'],
    ['172.31.255.255', 'private network'],
    ['192.168.1.1', 'private network'],
    ['169.254.169.254', 'cloud metadata'],
    ['169.254.1.1', 'link-local'],
    ['100.64.0.1', 'shared address space (CGNAT)'],
    ['100.127.255.255', 'shared address space (CGNAT)'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.10', 'documentation'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['[::1]', 'loopback'],
    ['fc00::1', 'unique local'],
    ['fd12:3456::1', 'unique local'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback (embedded in IPv6)'],
    ['::ffff:7f00:1', 'loopback (embedded in IPv6)'],
    ['::ffff:169.254.169.254', 'cloud metadata (embedded in IPv6)'],
    ['::ffff:a00:1', 'private network (embedded in IPv6)'],
    ['64:ff9b::10.0.0.1', 'private network (embedded in IPv6)'],
    ['64:ff9b::7f00:1', 'loopback (embedded in IPv6)'],
    ['2002:c0a8:0101::1', 'private network (embedded in IPv6)'],
    ['2002:7f00:1::', 'loopback (embedded in IPv6)'],
    ['64:ff9b:1::1', 'local-use NAT64'],
    ['::7f00:1', 'IPv4-compatible (deprecated)'],
    ['2001:db8::1', 'documentation'],
    ['2001:0:4136:e378::1', 'Teredo'],
    ['not-an-ip', 'not an IP address'],
  ])('%s is blocked (%s)', (ip, reason) => {
    expect(classifyAddress(ip)).toBe(reason);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '93.184.216.34', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'])(
    '%s is public',
    (ip) => {
      expect(classifyAddress(ip)).toBeUndefined();
    },
  );
});

describe('ipv6Bytes / embeddedIPv4', () => {
  it.each([
    ['::ffff:1.2.3.4', '1.2.3.4'],
    ['::ffff:102:304', '1.2.3.4'],
    ['64:ff9b::1.2.3.4', '1.2.3.4'],
    ['2002:102:304::', '1.2.3.4'],
    ['2606:4700::1', undefined],
  ])('%s embeds %s', (ip, v4) => {
    const b = ipv6Bytes(ip);
    expect(b).toBeDefined();
    expect(embeddedIPv4(b!)).toBe(v4);
  });

  it('expands :: in the middle', () => {
    expect(Array.from(ipv6Bytes('1:2::7:8')!)).toEqual([0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 8]);
  });
});

describe('createGuard allowlist', () => {
  const guard = createGuard({ allow: ['127.0.0.1:8080', 'feeds.internal', 'intranet.local:81', '10.9.0.0/16', 'fd00::/8', '192.168.5.5'] });

  it.each([
    ['127.0.0.1', 8080, true],
    ['127.0.0.1', 8081, false],
    ['FEEDS.internal', 1234, true],
    ['intranet.local', 81, true],
    ['intranet.local', 80, false],
    ['other.local', 80, false],
  ])('hostAllowed(%s, %d) = %s', (host, port, allowed) => {
    expect(guard.hostAllowed(host, port)).toBe(allowed);
  });

  it.each([
    ['10.9.1.1', undefined],
    ['10.8.1.1', 'private network'],
    ['fd01::1', undefined],
    ['192.168.5.5', undefined],
    ['192.168.5.6', 'private network'],
    ['127.0.0.1', 'loopback'],
  ])('blockedReason(%s) = %s', (ip, reason) => {
    expect(guard.blockedReason(ip)).toBe(reason);
  });

  it('allowPrivateNetworks lets private addresses through but not cloud metadata', () => {
    const open = createGuard({ allowPrivateNetworks: true });
    expect(open.blockedReason('127.0.0.1')).toBeUndefined();
    expect(open.blockedReason('10.0.0.1')).toBeUndefined();
    expect(open.blockedReason('169.254.169.254')).toBe('cloud metadata');
    expect(open.blockedReason('::ffff:169.254.169.254')).toBe('cloud metadata (embedded in IPv6)');
  });

  it('rejects malformed entries', () => {
    expect(() => createGuard({ allow: ['10.0.0.0/abc'] })).toThrow(/invalid CIDR/);
    expect(() => createGuard({ allow: ['host:port:extra'] })).toThrow(/invalid host/);
  });

  it.each([
    'http://127.0.0.1/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://127.1/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::1]:8080/',
    'http://169.254.169.254/latest/meta-data/',
    'http://0.0.0.0/',
  ])('checkUrl refuses the IP literal in %s', (url) => {
    expect(() => createGuard({ allow: ['127.0.0.1:8080'] }).checkUrl(new URL(url))).toThrow(
      expect.objectContaining({ code: 'BLOCKED_ADDRESS', retryable: false }),
    );
  });

  it('checkUrl lets an allowlisted literal and any hostname through (hostnames are checked at connect)', () => {
    const g = createGuard({ allow: ['127.0.0.1:8080'] });
    expect(() => g.checkUrl(new URL('http://127.0.0.1:8080/feed'))).not.toThrow();
    expect(() => g.checkUrl(new URL('http://localhost/'))).not.toThrow();
    expect(() => g.checkUrl(new URL('http://8.8.8.8/'))).not.toThrow();
  });
});

describe('guarded lookup', () => {
  /** A resolver that answers from a queue, like a DNS server rebinding between two lookups. */
  function fakeResolver(answers: LookupAddress[][]): Resolver {
    return (_host, _opts, cb) => cb(null, answers.shift() ?? []);
  }
  const lookupOnce = (g: ReturnType<typeof createGuard>, all: boolean) =>
    new Promise<{ err: unknown; address: unknown }>((resolve) =>
      g.lookup('news.example', { all }, (err, address) => resolve({ err, address })),
    );

  it('refuses a host that rebinds from a public to a private address on the second lookup', async () => {
    const g = createGuard({}, fakeResolver([[{ address: '93.184.216.34', family: 4 }], [{ address: '127.0.0.1', family: 4 }]]));
    expect((await lookupOnce(g, false)).address).toBe('93.184.216.34');
    const second = await lookupOnce(g, false);
    expect(second.err).toBeInstanceOf(FeedmillError);
    expect((second.err as FeedmillError).code).toBe('BLOCKED_ADDRESS');
    expect((second.err as FeedmillError).message).toContain('news.example (127.0.0.1)');
  });

  it('refuses a record set that mixes public and private addresses', async () => {
    const g = createGuard({}, fakeResolver([[{ address: '93.184.216.34', family: 4 }, { address: '::ffff:10.0.0.1', family: 6 }]]));
    expect(((await lookupOnce(g, true)).err as FeedmillError).code).toBe('BLOCKED_ADDRESS');
  });

  it('returns every address when asked for all (happy eyeballs)', async () => {
    const answers = [{ address: '93.184.216.34', family: 4 }, { address: '2606:2800:220:1::1', family: 6 }];
    const g = createGuard({}, fakeResolver([answers]));
    expect((await lookupOnce(g, true)).address).toEqual(answers);
  });

  it('passes resolver errors through', async () => {
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    const g = createGuard({}, (_h, _o, cb) => cb(notFound, []));
    expect((await lookupOnce(g, false)).err).toBe(notFound);
  });
});
