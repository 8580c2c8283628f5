/** SSRF guard: refuses private, loopback, link-local and other special addresses, at connect time. */
import dns, { type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP, isIPv4, isIPv6, type LookupFunction } from 'node:net';
import { FeedmillError } from '../model/errors.js';
import { bareAddress, classifyAddress, METADATA_REASON } from './ip.js';

export { classifyAddress } from './ip.js';

/** What the guard lets through beyond public addresses. */
export interface GuardOptions {
  /** FEEDMILL_ALLOW_PRIVATE_NETWORKS: every address but cloud metadata endpoints is reachable. */
  allowPrivateNetworks?: boolean;
  /** FEEDMILL_FETCH_ALLOW entries: `host` (any port), `host:port`, `[v6]:port`, a bare IP, or a CIDR. */
  allow?: readonly string[];
}

/** The resolver the guard wraps; dns.lookup in production, a fake in unit tests. */
export type Resolver = (
  hostname: string,
  options: LookupOptions & { all: true },
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/** The checks one fetcher applies; built once from its options. */
export interface AddressGuard {
  /** True when `host:port` matches a host allowlist entry, so its addresses are not checked at all. */
  hostAllowed(hostname: string, port: number): boolean;
  /** Why `ip` may not be reached under these options, or undefined when it may. */
  blockedReason(ip: string): string | undefined;
  /** Throws BLOCKED_ADDRESS when the URL names an IP literal that may not be reached (no DNS lookup will run). */
  checkUrl(url: URL): void;
  /** A `net.connect` lookup that refuses a host when any address it resolves to is blocked (covers DNS rebinding). */
  lookup: LookupFunction;
}

/** The error every refusal raises; not retryable, the address will not become public by waiting. */
export function blockedError(host: string, ip: string, reason: string): FeedmillError {
  const what = host === ip ? ip : `${host} (${ip})`;
  return new FeedmillError('fetch', 'BLOCKED_ADDRESS', `address ${what} is not allowed: ${reason}`);
}

/** The port a URL connects to (the WHATWG parser drops default ports). */
export function portOf(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

interface HostEntry {
  host: string;
  port?: number;
}

/** Normalizes a host the way the WHATWG URL parser does, so "127.1" or "EXAMPLE.com" match the request URL. */
function normalizeHost(host: string): string | undefined {
  try {
    return bareAddress(new URL(`http://${isIPv6(host) ? `[${host}]` : host}/`).hostname);
  } catch {
    return undefined;
  }
}

function parseAllow(entries: readonly string[]): { hosts: HostEntry[]; cidrs: BlockList } {
  const hosts: HostEntry[] = [];
  const cidrs = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') continue;
    const slash = entry.indexOf('/');
    if (slash !== -1) {
      const net = entry.slice(0, slash);
      const prefix = Number(entry.slice(slash + 1));
      const family = isIPv4(net) ? 'ipv4' : isIPv6(net) ? 'ipv6' : undefined;
      if (family === undefined || !Number.isInteger(prefix)) throw new Error(`invalid CIDR in fetch allowlist: ${entry}`);
      cidrs.addSubnet(net, prefix, family);
      continue;
    }
    if (isIP(entry) !== 0) {
      cidrs.addAddress(entry, isIPv4(entry) ? 'ipv4' : 'ipv6');
      continue;
    }
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(entry);
    const host = m?.[1] === undefined ? undefined : normalizeHost(bareAddress(m[1]));
    if (m === null || host === undefined) throw new Error(`invalid host in fetch allowlist: ${entry}`);
    hosts.push(m[2] === undefined ? { host } : { host, port: Number(m[2]) });
  }
  return { hosts, cidrs };
}

/** Builds the guard for one fetcher. Throws on malformed allowlist entries (a config error). */
export function createGuard(opts: GuardOptions = {}, resolve: Resolver = dns.lookup): AddressGuard {
  const { hosts, cidrs } = parseAllow(opts.allow ?? []);
  const allowPrivate = opts.allowPrivateNetworks === true;

  const blockedReason = (ip: string): string | undefined => {
    const bare = bareAddress(ip);
    if (cidrs.check(bare, isIPv4(bare) ? 'ipv4' : 'ipv6')) return undefined;
    const reason = classifyAddress(bare);
    if (reason === undefined) return undefined;
    return allowPrivate && !reason.startsWith(METADATA_REASON) ? undefined : reason;
  };

  const hostAllowed = (hostname: string, port: number): boolean => {
    const host = bareAddress(hostname).toLowerCase();
    return hosts.some((e) => e.host === host && (e.port === undefined || e.port === port));
  };

  const lookup = ((hostname: string, options: LookupOptions, callback: LookupCallback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, options.all === true ? [] : '', undefined);
      // Refuse the host outright when any answer is blocked: a record set mixing public and private
      // addresses is how rebinding attacks pick the address the connection ends up using.
      for (const { address } of addresses) {
        const reason = blockedReason(address);
        if (reason !== undefined) return callback(blockedError(hostname, address, reason), '', undefined);
      }
      const first = addresses[0];
      if (first === undefined) {
        const notFound: NodeJS.ErrnoException = new Error(`no address for ${hostname}`);
        notFound.code = 'ENOTFOUND';
        return callback(notFound, '', undefined);
      }
      if (options.all === true) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  }) as LookupFunction;

  return {
    hostAllowed,
    blockedReason,
    lookup,
    checkUrl(url: URL): void {
      const host = bareAddress(url.hostname);
      if (isIP(host) === 0 || hostAllowed(host, portOf(url))) return;
      const reason = blockedReason(host);
      if (reason !== undefined) throw blockedError(host, host, reason);
    },
  };
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
