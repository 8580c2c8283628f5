/** The one pino root logger; secrets are redacted wherever they appear. */
import { pino, type Logger } from 'pino';

/** Paths pino blanks out: tokens, cookies, auth headers, per-source headers. */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'headers',
  '*.headers',
  'req.headers.authorization',
  'req.headers.cookie',
  'authorization',
  '*.authorization',
  'password',
  '*.password',
];

/** Creates the root logger (JSON lines on stderr so stdout stays for command output). */
export function createLogger(level: string, name = 'feedmill'): Logger {
  return pino({ name, level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, pino.destination(2));
}
