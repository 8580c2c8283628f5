/**
 * Who may use /admin: a valid session cookie, or `Authorization: Bearer <operator token>` (scripts, curl).
 * Unauthenticated page requests get the sign-in form (401); a wrong bearer token gets the JSON 401. Console
 * POST forms must carry the session's CSRF token (bearer requests carry no ambient credential, so need none).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { tokenMatches } from '../auth.js';
import { loginPage } from './layout.js';
import { readCookie, SESSION_COOKIE, type AdminSessions, type Session } from './session.js';

/** How a request was authenticated. */
export type AdminAuth = { kind: 'bearer' } | { kind: 'session'; session: Session };

const authOfRequest = new WeakMap<FastifyRequest, AdminAuth>();

/** The authentication of a request that passed the guard. */
export function authOf(req: FastifyRequest): AdminAuth {
  const auth = authOfRequest.get(req);
  if (!auth) throw new Error('admin: request did not pass the guard');
  return auth;
}

/** The CSRF token for the request's forms (undefined for bearer requests). */
export function csrfOf(req: FastifyRequest): string | undefined {
  const auth = authOf(req);
  return auth.kind === 'session' ? auth.session.csrf : undefined;
}

/** Paths served without a session: the sign-in form and the stylesheet/script it uses. */
function isPublic(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return path === '/admin/login' || path.startsWith('/admin/assets/');
}

/** The /admin path to return to after signing in (never another origin). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/admin(\/[^\\]*)?$/.test(next) && !next.startsWith('//') ? next : '/admin';
}

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  return h && /^bearer\s+/i.test(h) ? h.replace(/^bearer\s+/i, '').trim() : undefined;
}

async function refuse(req: FastifyRequest, reply: FastifyReply, token: string | undefined): Promise<void> {
  reply.header('cache-control', 'no-store');
  if (req.method === 'GET' && !req.headers.authorization) {
    await reply.code(token ? 401 : 503).type('text/html; charset=utf-8').send(loginPage({ next: safeNext(req.url), noToken: !token }).value);
    return;
  }
  if (!token) {
    await reply.code(503).send({ error: { code: 'NO_TOKEN_CONFIGURED', message: 'set FEEDMILL_ADMIN_TOKEN to enable the console' } });
    return;
  }
  await reply
    .code(401)
    .header('www-authenticate', 'Bearer realm="feedmill"')
    .send({ error: { code: 'UNAUTHORIZED', message: 'sign in or send the operator bearer token' } });
}

/** Adds the authentication hook to the admin scope. */
export function addGuard(scope: FastifyInstance, token: string | undefined, sessions: AdminSessions | undefined): void {
  scope.addHook('onRequest', async (req, reply) => {
    if (isPublic(req.url)) return;
    const given = bearer(req);
    if (given !== undefined) {
      if (tokenMatches(given, token)) authOfRequest.set(req, { kind: 'bearer' });
      else await refuse(req, reply, token);
      return;
    }
    const session = sessions ? await sessions.verify(readCookie(req.headers.cookie, SESSION_COOKIE)) : undefined;
    if (session) authOfRequest.set(req, { kind: 'session', session });
    else await refuse(req, reply, token);
  });
}

/**
 * A preHandler for console POST routes: a session request must echo its CSRF token in `_csrf` (SameSite=Strict
 * already keeps the cookie off cross-site requests; the token also covers same-site subdomains and old browsers).
 */
export async function requireCsrf(req: FastifyRequest, reply: FastifyReply, sessions: AdminSessions | undefined): Promise<void> {
  const auth = authOf(req);
  if (auth.kind === 'bearer') return;
  const body = req.body as Record<string, unknown> | undefined;
  if (!sessions?.checkCsrf(auth.session, body?._csrf)) {
    await reply.code(403).send({ error: { code: 'CSRF_REFUSED', message: 'missing or wrong CSRF token: reload the page and try again' } });
  }
}
