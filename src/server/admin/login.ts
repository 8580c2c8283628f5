/** Sign-in and sign-out of the console: POST the operator token, get a session cookie (never the token itself). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { tokenMatches } from '../auth.js';
import { authOf, safeNext } from './guard.js';
import { loginPage } from './layout.js';
import { sessionCookie, type AdminSessions } from './session.js';

function sendLogin(reply: FastifyReply, status: number, opts: Parameters<typeof loginPage>[0]): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(loginPage(opts).value);
}

function isHttps(req: FastifyRequest): boolean {
  return req.protocol === 'https';
}

/** Registers GET/POST /admin/login and POST /admin/logout in the admin scope. */
export function registerLogin(scope: FastifyInstance, token: string | undefined, sessions: AdminSessions | undefined, csrf: (req: FastifyRequest, reply: FastifyReply) => Promise<void>): void {
  scope.get<{ Querystring: { next?: string } }>('/admin/login', async (req, reply) =>
    sendLogin(reply, token ? 200 : 503, { next: safeNext(req.query.next), noToken: !token }),
  );

  scope.post('/admin/login', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const next = safeNext(body.next);
    if (!token || !sessions) return sendLogin(reply, 503, { next, noToken: true });
    const given = typeof body.token === 'string' ? body.token : undefined;
    if (!tokenMatches(given, token)) {
      req.log.warn({ ip: req.ip }, 'admin: sign-in refused');
      return sendLogin(reply, 401, { next, error: 'Wrong token.' });
    }
    const s = await sessions.issue();
    return reply
      .code(303)
      .header('set-cookie', sessionCookie(s.value, { expiresAt: s.expiresAt, secure: isHttps(req) }))
      .header('cache-control', 'no-store')
      .redirect(next, 303);
  });

  scope.post('/admin/logout', { preHandler: csrf }, async (req, reply) => {
    const auth = authOf(req);
    if (auth.kind === 'session' && sessions) await sessions.revoke(auth.session);
    return reply
      .header('set-cookie', sessionCookie('', { secure: isHttps(req) }))
      .header('cache-control', 'no-store')
      .redirect('/admin/login', 303);
  });
}
