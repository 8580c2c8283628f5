/** Errors of the source-management use cases, with the stable API code and HTTP status each maps to. */

/** Stable codes of source management (the operator API's error codes). */
export type SourceErrorCode = 'NOT_FOUND' | 'BAD_REQUEST' | 'CONFLICT' | 'CONFIG_OWNED' | 'DISCOVERY_FAILED';

const STATUS: Record<SourceErrorCode, number> = { NOT_FOUND: 404, BAD_REQUEST: 400, CONFLICT: 409, CONFIG_OWNED: 409, DISCOVERY_FAILED: 422 };

/** A refused or failed source operation; CLI and API report `code` and `message` as they are. */
export class SourceOpError extends Error {
  readonly code: SourceErrorCode;
  /** HTTP status of the API answer. */
  readonly httpStatus: number;
  constructor(code: SourceErrorCode, message: string) {
    super(message);
    this.name = 'SourceOpError';
    this.code = code;
    this.httpStatus = STATUS[code];
  }
}

/** NOT_FOUND for a source id. */
export function unknownSource(id: string): SourceOpError {
  return new SourceOpError('NOT_FOUND', `no source "${id}"`);
}
