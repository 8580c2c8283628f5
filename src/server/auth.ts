/** Operator bearer-token check (timing-safe); the token is never logged. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './errors.js';

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** The token a request carries: `Authorization: Bearer …`, else `?token=` for clients that cannot send headers. */
export function requestToken(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (h && /^bearer\s+/i.test(h)) return h.replace(/^bearer\s+/i, '').trim();
  const q = (req.query as Record<string, unknown> | undefined)?.token;
  return typeof q === 'string' ? q : undefined;
}

/** True when `given` equals `expected`, compared in constant time. */
export function tokenMatches(given: string | undefined, expected: string | undefined): boolean {
  if (!given || !expected) return false;
  return timingSafeEqual(digest(given), digest(expected));
}

/** A preHandler that answers 401 (or 503 when no operator token is configured). */
export function requireToken(expected: string | undefined) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!expected) {
      await sendError(reply, 503, 'NO_TOKEN_CONFIGURED', 'set FEEDMILL_ADMIN_TOKEN (or FEEDMILL_ADMIN_TOKEN_FILE) to enable this endpoint');
      return;
    }
    if (!tokenMatches(requestToken(req), expected)) {
      await sendError(reply, 401, 'UNAUTHORIZED', 'missing or wrong bearer token', { 'www-authenticate': 'Bearer realm="feedmill"' });
    }
  };
}
