/** Normalisation stage: clean URLs, dates, text and titles, sanitize HTML (always last), normalize drafts. */
export { cleanUrl, parseHttpUrl, stripTrackingParams } from './url.js';
export { isTrackingParam, TRACKING_PARAMS, TRACKING_PREFIXES } from './tracking-params.js';
export { sanitizeHtml, type SanitizeOptions } from './sanitize.js';
export { htmlToText, plainText, summarize, countWords, stripControlChars } from './text.js';
export { cleanTitle } from './title.js';
export { toIsoDate } from './date.js';
export { normalizeDraft, normalizeLanguage, type NormalizeOptions } from './draft.js';
