/** Sign-in and sign-out of the console: POST the operator token, get a session cookie (never the token itself). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { tokenMatches } from '../auth.js';
import { authOf, safeNext } from './guard.js';
import { loginPage } from './layout.js';
import { sessionCookie, type AdminSessions } from './session.js';

function sendLogin(reply: FastifyReply, status: number, opts: Parameters<typeof loginPage>[0]): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(loginPage(opts).value);
}

/** Failed sign-ins allowed per client address within the window, before it must wait. */
const MAX_FAILURES = 10;
const FAILURE_WINDOW_MS = 10 * 60_000;
/** Addresses tracked at most (oldest dropped first), so a flood of addresses cannot grow memory without bound. */
const MAX_TRACKED = 10_000;

/** Per-address failed sign-in counts of this process (a guessing brake, not an account lockout). */
class FailedSignIns {
  private readonly byIp = new Map<string, { count: number; resetAt: number }>();

  /** True when the address used up its attempts and the window has not passed. */
  blocked(ip: string, now = Date.now()): boolean {
    const e = this.byIp.get(ip);
    if (e && e.resetAt <= now) this.byIp.delete(ip);
    return e !== undefined && e.resetAt > now && e.count >= MAX_FAILURES;
  }

  fail(ip: string, now = Date.now()): void {
    const e = this.byIp.get(ip);
    if (e && e.resetAt > now) e.count += 1;
    else this.byIp.set(ip, { count: 1, resetAt: now + FAILURE_WINDOW_MS });
    if (this.byIp.size > MAX_TRACKED) this.byIp.delete(this.byIp.keys().next().value as string);
  }

  clear(ip: string): void {
    this.byIp.delete(ip);
  }
}

function isHttps(req: FastifyRequest): boolean {
  return req.protocol === 'https';
}

/** Registers GET/POST /admin/login and POST /admin/logout in the admin scope. */
export function registerLogin(scope: FastifyInstance, token: string | undefined, sessions: AdminSessions | undefined, csrf: (req: FastifyRequest, reply: FastifyReply) => Promise<void>): void {
  scope.get<{ Querystring: { next?: string } }>('/admin/login', async (req, reply) =>
    sendLogin(reply, token ? 200 : 503, { next: safeNext(req.query.next), noToken: !token }),
  );

  const failures = new FailedSignIns();
  scope.post('/admin/login', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const next = safeNext(body.next);
    if (!token || !sessions) return sendLogin(reply, 503, { next, noToken: true });
    if (failures.blocked(req.ip)) {
      reply.header('retry-after', String(FAILURE_WINDOW_MS / 1000));
      return sendLogin(reply, 429, { next, error: 'Too many wrong tokens from this address: wait ten minutes.' });
    }
    const given = typeof body.token === 'string' ? body.token : undefined;
    if (!tokenMatches(given, token)) {
      failures.fail(req.ip);
      req.log.warn({ ip: req.ip }, 'admin: sign-in refused');
      return sendLogin(reply, 401, { next, error: 'Wrong token.' });
    }
    failures.clear(req.ip);
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
