/** IP address classification: which addresses a fetch must never reach (RFC 6890 special-purpose registries). */
import { BlockList, isIPv4, isIPv6 } from 'node:net';

type Range = readonly [network: string, prefix: number, reason: string];

// IANA IPv4 Special-Purpose Address Registry (RFC 6890 and updates), plus multicast and reserved space.
const V4: readonly Range[] = [
  ['0.0.0.0', 8, 'this network'],
  ['10.0.0.0', 8, 'private network'],
  ['100.64.0.0', 10, 'shared address space (CGNAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.169.254', 32, 'cloud metadata'],
  ['169.254.170.2', 32, 'cloud metadata'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private network'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay anycast'],
  ['192.168.0.0', 16, 'private network'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['255.255.255.255', 32, 'broadcast'],
  ['240.0.0.0', 4, 'reserved'],
];

// IANA IPv6 Special-Purpose Address Registry. The ranges that embed an IPv4 address (::ffff:0:0/96,
// 64:ff9b::/96, 2002::/16) are judged by the embedded address in classifyAddress instead.
const V6: readonly Range[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::', 96, 'IPv4-compatible (deprecated)'],
  ['64:ff9b:1::', 48, 'local-use NAT64'],
  ['100::', 64, 'discard-only'],
  ['2001::', 32, 'Teredo'],
  ['2001:db8::', 32, 'documentation'],
  ['fd00:ec2::254', 128, 'cloud metadata'],
  ['fc00::', 7, 'unique local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local (deprecated)'],
  ['ff00::', 8, 'multicast'],
];

/** One BlockList per reason, in table order, so the first match names the most specific reason. */
function lists(ranges: readonly Range[], family: 'ipv4' | 'ipv6'): Array<[BlockList, string]> {
  return ranges.map(([network, prefix, reason]) => {
    const list = new BlockList();
    list.addSubnet(network, prefix, family);
    return [list, reason];
  });
}

const V4_LISTS = lists(V4, 'ipv4');
const V6_LISTS = lists(V6, 'ipv6');

/** Addresses still refused when private networks are allowed: a feed has no business with instance credentials. */
export const METADATA_REASON = 'cloud metadata';

/** Strips URL brackets and an IPv6 zone id ("[fe80::1%eth0]" → "fe80::1"). */
export function bareAddress(host: string): string {
  const unbracketed = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const zone = unbracketed.indexOf('%');
  return zone === -1 ? unbracketed : unbracketed.slice(0, zone);
}

/** The 16 bytes of an IPv6 address (with or without a trailing dotted quad), or undefined when it is not one. */
export function ipv6Bytes(address: string): Uint8Array | undefined {
  const ip = bareAddress(address);
  if (!isIPv6(ip)) return undefined;
  const bytes = new Uint8Array(16);
  let head = ip;
  const lastColon = ip.lastIndexOf(':');
  const tail = ip.slice(lastColon + 1);
  if (tail.includes('.')) {
    tail.split('.').forEach((part, i) => (bytes[12 + i] = Number(part)));
    head = `${ip.slice(0, lastColon + 1)}0:0`;
  }
  const [left = '', right] = head.split('::');
  const leftGroups = left === '' ? [] : left.split(':');
  const rightGroups = right === undefined || right === '' ? [] : right.split(':');
  const zeros = new Array<string>(8 - leftGroups.length - rightGroups.length).fill('0');
  [...leftGroups, ...zeros, ...rightGroups].forEach((group, i) => {
    if (tail.includes('.') && i >= 6) return;
    const value = parseInt(group, 16);
    bytes[i * 2] = value >> 8;
    bytes[i * 2 + 1] = value & 0xff;
  });
  return bytes;
}

/** Dotted quad from four bytes of an IPv6 address. */
function v4At(bytes: Uint8Array, offset: number): string {
  return Array.from(bytes.subarray(offset, offset + 4)).join('.');
}

/** The IPv4 address an IPv6 address stands for (IPv4-mapped, NAT64 64:ff9b::/96, 6to4 2002::/16), if any. */
export function embeddedIPv4(bytes: Uint8Array): string | undefined {
  const zero = (from: number, to: number) => bytes.subarray(from, to).every((b) => b === 0);
  if (zero(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return v4At(bytes, 12); // RFC 4291 §2.5.5.2
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zero(4, 12)) {
    return v4At(bytes, 12); // RFC 6052 well-known prefix
  }
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return v4At(bytes, 2); // RFC 3056
  return undefined;
}

/** Why `address` must not be fetched (e.g. "loopback"), or undefined for a public unicast address. */
export function classifyAddress(address: string): string | undefined {
  const ip = bareAddress(address);
  if (isIPv4(ip)) return V4_LISTS.find(([list]) => list.check(ip, 'ipv4'))?.[1];
  const bytes = ipv6Bytes(ip);
  if (bytes === undefined) return 'not an IP address';
  const v4 = embeddedIPv4(bytes);
  if (v4 !== undefined) {
    const inner = classifyAddress(v4);
    return inner === undefined ? undefined : `${inner} (embedded in IPv6)`;
  }
  return V6_LISTS.find(([list]) => list.check(ip, 'ipv6'))?.[1];
}
