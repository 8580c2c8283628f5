/**
 * The OpenAPI document: it conforms to the OpenAPI 3.1 schema, it is served without a token, and it covers the
 * app exactly — every /api route the app registers is documented, and every documented /api route exists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentedRoutes, openApiDocument, registeredApiRoutes, type RouteKey } from '../../../src/server/openapi/index.js';
import { startInstance, type Instance } from '../../helpers/instance.js';
import { checkedDocument } from './contract.js';

let inst: Instance;
let registered: RouteKey[];

beforeAll(async () => {
  inst = await startInstance({ http: true, env: { FEEDMILL_ADMIN_TOKEN: 'operator' }, sources: [{ id: 'wire', url: 'http://127.0.0.1:9/feed.xml' }] });
  // startInstance built the app with buildApp, which records every /api route as it registers them.
  registered = registeredApiRoutes(inst.app!);
});
afterAll(async () => {
  await inst?.close();
});

const key = (r: RouteKey) => `${r.method} ${r.path}`;

describe('OpenAPI document', () => {
  it('validates against the OpenAPI 3.1 schema', async () => {
    const res = await checkedDocument();
    expect(res.errors).toBeUndefined();
    expect(res.valid).toBe(true);
  });

  it('catches a broken document (the check can fail)', async () => {
    const doc = openApiDocument();
    const broken = { ...doc, paths: { '/api/x': { get: { responses: { '200': { content: {} } } } } } };
    expect((await checkedDocument(broken)).valid).toBe(false);
  });

  it('is served at /api/openapi.json without a token', async () => {
    const res = await fetch(`${inst.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const doc = (await res.json()) as { openapi: string; servers: { url: string }[] };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers[0]!.url).toBe(inst.config.server.baseUrl);
  });

  it('documents every /api route the app registers', () => {
    expect(registered.length).toBeGreaterThan(5);
    const documented = new Set(documentedRoutes(openApiDocument()).map(key));
    expect(registered.map(key).filter((k) => !documented.has(k))).toEqual([]);
  });

  it('documents only /api routes the app registers', () => {
    const present = new Set(registered.map(key));
    const missing = documentedRoutes(openApiDocument())
      .filter((r) => r.path.startsWith('/api/'))
      .map(key)
      .filter((k) => !present.has(k));
    expect(missing).toEqual([]);
  });
});
