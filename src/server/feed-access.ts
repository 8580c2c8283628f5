/**
 * Who may read a feed: `access: public` feeds anyone; `access: token` feeds the operator token or a partner
 * token scoped to the feed, within that token's rate limit. Tokens come from `Authorization: Bearer` or
 * `?token=` (for readers that cannot send headers) and are never logged or echoed.
 */
import type { FastifyRequest } from 'fastify';
import type { FeedDefinition } from '../model/source.js';
import type { TokenStore } from '../partners/tokens.js';
import { requestToken, tokenMatches } from './auth.js';

/** The outcome of an access check: go on, or answer with this status, headers and error. */
export type AccessResult =
  | { ok: true; partner?: string }
  | { ok: false; status: 401 | 403 | 429; headers: Record<string, string>; code: string; message: string };

const CHALLENGE = { 'www-authenticate': 'Bearer realm="feedmill"' };

/** Checks a request against a feed's access rule. */
export async function checkFeedAccess(
  def: FeedDefinition,
  req: FastifyRequest,
  adminToken: string | undefined,
  tokens: TokenStore,
  nowMs: number,
): Promise<AccessResult> {
  if (def.access !== 'token') return { ok: true };
  const given = requestToken(req);
  if (given === undefined) return { ok: false, status: 401, headers: CHALLENGE, code: 'UNAUTHORIZED', message: 'this feed needs a token' };
  if (tokenMatches(given, adminToken)) return { ok: true };
  const check = await tokens.check(given, def.id, nowMs);
  if (check.ok) return { ok: true, partner: check.token.id };
  if (check.reason === 'scope') {
    return { ok: false, status: 403, headers: {}, code: 'FORBIDDEN', message: 'this token does not give access to this feed' };
  }
  if (check.reason === 'rate') {
    return {
      ok: false,
      status: 429,
      headers: { 'retry-after': String(check.retryAfterSeconds) },
      code: 'RATE_LIMITED',
      message: `token rate limit of ${check.token.ratePerMinute} requests per minute reached`,
    };
  }
  return { ok: false, status: 401, headers: CHALLENGE, code: 'UNAUTHORIZED', message: 'unknown or revoked token' };
}

/**
 * The token of a request that authenticated by `?token=` (no Bearer header): paging links of the document it
 * gets must carry it, or a reader that cannot send headers loses access on the second page.
 */
export function queryTokenOf(req: FastifyRequest): string | undefined {
  const q = (req.query as Record<string, unknown> | undefined)?.token;
  return typeof q === 'string' && requestToken(req) === q && !/^bearer\s+/i.test(req.headers.authorization ?? '') ? q : undefined;
}

/** A request serializer for logs that keeps the route but drops every query parameter's value named token. */
export function redactedUrl(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');
}
