/** The undici Agent every fetch goes through: the address guard runs inside its connector. */
import { isIP } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { blockedError, type AddressGuard } from './guard.js';

/**
 * An Agent whose connector checks each new connection: allowlisted `host:port` goes straight through,
 * IP literals are classified before the socket opens (net.connect skips lookup for them), and every
 * other host is resolved through the guard's lookup, so the address checked is the address connected
 * to (no window for DNS rebinding) and every redirect hop is covered.
 */
export function createGuardedAgent(guard: AddressGuard, connectTimeoutMs: number): Agent {
  const plain = buildConnector({ timeout: connectTimeoutMs });
  const guarded = buildConnector({ timeout: connectTimeoutMs, lookup: guard.lookup });
  const connect: buildConnector.connector = (options, callback) => {
    const port = Number(options.port) || (options.protocol === 'https:' ? 443 : 80);
    if (guard.hostAllowed(options.hostname, port)) return plain(options, callback);
    if (isIP(options.hostname) !== 0) {
      const reason = guard.blockedReason(options.hostname);
      if (reason !== undefined) return callback(blockedError(options.hostname, options.hostname, reason), null);
    }
    return guarded(options, callback);
  };
  return new Agent({ connect, keepAliveTimeout: 4_000 });
}
