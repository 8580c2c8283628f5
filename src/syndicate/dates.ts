/** Dates for feeds: parse leniently, never throw, never print "Invalid Date". */

/** Parses an ISO 8601 string (or Date) into a valid Date, or undefined when absent or unparseable. */
export function validDate(value: string | Date | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const d = value instanceof Date ? new Date(value.getTime()) : new Date(value);
  if (!Number.isFinite(d.getTime())) return undefined;
  // Outside years 1–9999 toISOString() writes "+010000-…", which is not an RFC 3339 date.
  const year = d.getUTCFullYear();
  return year >= 1 && year <= 9999 ? d : undefined;
}

/** The first valid date of the list, or undefined. */
export function firstValidDate(...values: (string | Date | undefined)[]): Date | undefined {
  for (const v of values) {
    const d = validDate(v);
    if (d !== undefined) return d;
  }
  return undefined;
}

/** RFC 822 date as RSS 2.0 wants it, with a four-digit year (RFC 2822 §3.3): "Tue, 02 Jan 2024 03:04:05 GMT". */
export function rfc822(d: Date): string {
  return d.toUTCString();
}

/** RFC 3339 date-time in UTC to the second, as Atom wants it (RFC 4287 §3.3): "2024-01-02T03:04:05Z". */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
