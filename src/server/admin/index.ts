/**
 * The operator console at /admin: sign-in with the operator token (session cookie), server-rendered pages over
 * the same stores and use cases as the operator API, POST forms with a CSRF token, and Bull Board at /admin/queues.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerDeps } from '../deps.js';
import { ASSETS } from './assets.js';
import { BOARD_PATH, registerBoard } from './board.js';
import { consoleOps } from './data.js';
import { addGuard, requireCsrf } from './guard.js';
import { registerLogin } from './login.js';
import type { ConsoleOps } from './ops.js';
import { registerConsoleRoutes } from './routes.js';
import { AdminSessions } from './session.js';

const FORM_LIMIT = 64 * 1024;

// Console pages use only our own stylesheet and script; the board needs inline styles (its page template has some).
const CONSOLE_CSP = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const BOARD_CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'";

async function securityHeaders(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.header('content-security-policy', req.url.startsWith(BOARD_PATH) ? BOARD_CSP : CONSOLE_CSP);
  reply.header('x-frame-options', 'DENY');
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'same-origin');
}

function registerAssets(scope: FastifyInstance): void {
  scope.get<{ Params: { name: string } }>('/admin/assets/:name', async (req, reply) => {
    const asset = ASSETS[req.params.name];
    if (!asset) return reply.code(404).type('text/plain').send('not found');
    if (req.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.header('etag', asset.etag).header('cache-control', 'public, max-age=300').type(asset.type).send(asset.body);
  });
}

/** Registers /admin and /admin/queues; `ops` defaults to the instance's stores and use cases (tests may pass their own). */
export function registerAdmin(app: FastifyInstance, deps: ServerDeps, ops: ConsoleOps = consoleOps(deps)): void {
  const token = deps.config.server.adminToken;
  const sessions = token ? new AdminSessions(deps.redis, deps.config.redis.prefix, token) : undefined;
  const csrf = (req: FastifyRequest, reply: FastifyReply) => requireCsrf(req, reply, sessions);
  app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMIT }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    scope.addHook('onRequest', securityHeaders);
    addGuard(scope, token, sessions);
    registerAssets(scope);
    registerLogin(scope, token, sessions, csrf);
    registerConsoleRoutes(scope, ops, csrf);
    await registerBoard(scope, deps.queues);
  });
}
