/** Per-site selectors (rules.yaml): data, not code, overriding the generic extractor (DESIGN convention 3). */
export interface SiteRules {
  /** Selectors of the main content; every match is kept, in document order. */
  content?: string[];
  /** Selectors removed before anything else (inside and outside the content). */
  remove?: string[];
  /** Selector of the headline element. */
  title?: string;
  /** Selector of an element holding the publication date (a `datetime`/`content` attribute or its text). */
  date?: string;
  /** Selector of the author name element(s). */
  author?: string;
  /** Selector of article links on listing pages (used by the listing scraper, not here). */
  links?: string;
}
