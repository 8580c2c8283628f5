/** OpenAPI paths of partner tokens (for `access: token` feeds). */
import { body, dateTime, errors, json, object, pathParam, ref, type JsonObject } from './common.js';

/** Component schemas of this area. */
export const partnerSchemas: Record<string, JsonObject> = {
  PartnerToken: object({
    id: { type: 'string' },
    name: { type: 'string' },
    feeds: { type: 'array', items: { type: 'string' }, description: 'Feed ids, or `*` for every token feed.' },
    ratePerMinute: { type: 'integer', minimum: 1 },
    createdAt: dateTime,
  }),
};

/** Paths of this area. */
export const partnerPaths: Record<string, JsonObject> = {
  '/api/tokens': {
    get: {
      operationId: 'listTokens',
      tags: ['partners'],
      summary: 'Partner tokens (never their secrets)',
      responses: { '200': json('Tokens.', object({ tokens: { type: 'array', items: ref('PartnerToken') } })), ...errors() },
    },
    post: {
      operationId: 'createToken',
      tags: ['partners'],
      summary: 'Create a partner token; the secret is in this response only',
      requestBody: body({
        ...object({ name: { type: 'string', minLength: 1, maxLength: 200 }, feeds: { type: 'array', items: { type: 'string' }, minItems: 1 }, ratePerMinute: { type: 'integer', minimum: 1, maximum: 1_000_000 } }, ['ratePerMinute']),
        additionalProperties: false,
      }),
      responses: { '201': json('The token, with its secret.', { allOf: [ref('PartnerToken'), object({ token: { type: 'string' } })] }), ...errors(400) },
    },
  },
  '/api/tokens/{id}': {
    parameters: [pathParam('id', 'Token id.')],
    delete: { operationId: 'revokeToken', tags: ['partners'], summary: 'Revoke a token', responses: { '204': { description: 'Revoked.' }, ...errors(404) } },
  },
};
