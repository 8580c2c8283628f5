/** The /api error conventions on a bare Fastify app: validation → 400 naming the field, unknown /api routes → 404 JSON, crashes → 500 INTERNAL. */
import { Writable } from 'node:stream';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, badRequest, registerApiErrors, sendError, validationMessage } from '../../../src/server/errors.js';

let app: FastifyInstance;
let logs: string[];

beforeEach(async () => {
  logs = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  app = Fastify({ loggerInstance: pino({ level: 'warn' }, sink) as unknown as FastifyBaseLogger });
  registerApiErrors(app);
  app.get('/api/things', { schema: { querystring: { type: 'object', properties: { limit: { type: 'integer', maximum: 5 } } } } }, async () => []);
  app.post('/api/things', { schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } }, async () => ({}));
  app.get('/api/boom', async () => {
    throw new Error('redis exploded with secret detail');
  });
  app.get('/api/teapot', async () => {
    throw new ApiError(409, 'CONFIG_OWNED', 'source "a" is in sources.yaml');
  });
  app.get('/api/field', async () => {
    throw badRequest('since', 'must be a date');
  });
  app.get('/api/sent', async (_req, reply) => sendError(reply, 401, 'UNAUTHORIZED', 'no', { 'www-authenticate': 'Bearer' }));
  app.get('/plain/boom', async () => {
    throw new Error('not an api route');
  });
  await app.ready();
});
afterEach(async () => {
  await app.close();
});

async function call(method: 'GET' | 'POST', url: string, payload?: unknown) {
  const res = await app.inject({ method, url, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });
  return { status: res.statusCode, body: res.json<Record<string, unknown>>(), headers: res.headers };
}

describe('api errors', () => {
  it.each([
    ['GET', '/api/things?limit=9', undefined, 400, 'BAD_REQUEST', 'limit: must be <= 5'],
    ['POST', '/api/things', {}, 400, 'BAD_REQUEST', 'name: must have required property \'name\''],
    ['GET', '/api/field', undefined, 400, 'BAD_REQUEST', 'since: must be a date'],
    ['GET', '/api/teapot', undefined, 409, 'CONFIG_OWNED', 'source "a" is in sources.yaml'],
    ['GET', '/api/nope?token=abc', undefined, 404, 'NOT_FOUND', 'no route GET /api/nope'],
    ['POST', '/api/sources/x/y', {}, 404, 'NOT_FOUND', 'no route POST /api/sources/x/y'],
    ['GET', '/api', undefined, 404, 'NOT_FOUND', 'no route GET /api'],
    ['GET', '/api/boom', undefined, 500, 'INTERNAL', 'internal error'],
  ] as const)('%s %s %j → %s %s', async (method, url, payload, status, code, message) => {
    const res = await call(method, url, payload);
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: { code, message } });
  });

  it('turns a malformed JSON body into 400 BAD_REQUEST', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/things', headers: { 'content-type': 'application/json' }, payload: '{"name":' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
  });

  it('logs an unexpected error with its detail, which the client never sees', async () => {
    const res = await call('GET', '/api/boom');
    expect(JSON.stringify(res.body)).not.toContain('secret detail');
    const line = logs.find((l) => l.includes('api request failed'));
    expect(line).toContain('redis exploded with secret detail');
    expect(line).toContain('"route":"/api/boom"');
  });

  it('sends extra headers with sendError', async () => {
    const res = await call('GET', '/api/sent');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it("leaves routes outside /api to Fastify's own handling", async () => {
    const boom = await call('GET', '/plain/boom');
    expect(boom.status).toBe(500);
    expect(boom.body).toMatchObject({ statusCode: 500, message: 'not an api route' });
    const missing = await call('GET', '/elsewhere');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });
});

describe('validationMessage', () => {
  it('falls back to the context when no field is named', () => {
    expect(validationMessage({ message: 'x', validationContext: 'body', validation: [{ instancePath: '', message: 'must be object', params: {}, keyword: 'type', schemaPath: '#' }] })).toBe('body: must be object');
  });
});
