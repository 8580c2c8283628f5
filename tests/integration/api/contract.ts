/** The OpenAPI document, checked against the OpenAPI 3.1 schema and turned into response validators (Ajv, JSON Schema 2020-12). */
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { openApiDocument } from '../../../src/server/openapi/index.js';
import type { JsonObject } from '../../../src/server/openapi/common.js';

/** The document as served, checked against the OpenAPI schema; `errors` lists what does not conform. */
export async function checkedDocument(doc: JsonObject = openApiDocument('http://localhost:8080')): Promise<{ valid: boolean; errors: unknown; resolved: JsonObject }> {
  const validator = new Validator();
  // A copy: the validator keeps and dereferences what it is given.
  const res = await validator.validate(structuredClone(doc));
  return { valid: res.valid, errors: res.errors, resolved: res.valid ? (validator.resolveRefs() as JsonObject) : {} };
}

/** Compiles the JSON schema of each documented (method, path, status) response on demand. */
export class ResponseChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly cache = new Map<string, ValidateFunction>();
  constructor(private readonly resolved: JsonObject) {
    (addFormats as unknown as (a: Ajv2020) => void)(this.ajv);
  }

  /** The schema documented for a JSON response, or undefined when the document has none. */
  schemaOf(method: string, path: string, status: number): JsonObject | undefined {
    const paths = this.resolved.paths as Record<string, Record<string, JsonObject>>;
    const op = paths[path]?.[method.toLowerCase()];
    const res = (op?.responses as Record<string, JsonObject> | undefined)?.[String(status)];
    const content = res?.content as Record<string, { schema?: JsonObject }> | undefined;
    return content?.['application/json']?.schema;
  }

  /** Validation problems of `body` as the (method, path, status) response; [] when it conforms. Throws when undocumented. */
  problems(method: string, path: string, status: number, body: unknown): string[] {
    const key = `${method} ${path} ${status}`;
    let validate = this.cache.get(key);
    if (!validate) {
      const schema = this.schemaOf(method, path, status);
      if (!schema) throw new Error(`no JSON response documented for ${key}`);
      validate = this.ajv.compile(schema);
      this.cache.set(key, validate);
    }
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`);
  }
}
