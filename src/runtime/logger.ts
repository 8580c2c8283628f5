/** The one pino root logger; secrets are redacted wherever they appear. */
import { pino, type Logger } from 'pino';
import { redactedUrl } from '../server/feed-access.js';

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
  return pino(
    {
      name,
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        // Requests are logged as method and URL only, with any ?token= blanked (feed readers put partner tokens there).
        req: (req: { method?: string; url?: string; id?: unknown }) => ({ method: req.method, url: redactedUrl(req.url ?? ''), id: req.id }),
        err: pino.stdSerializers.err,
      },
    },
    pino.destination(2),
  );
}
