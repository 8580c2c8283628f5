/** Public types of the extract stage: per-site rules, options and the extracted article. */
import type { ArticleDraft } from '../model/article.js';

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

/** Options of `extractArticle`. */
export interface ExtractOptions {
  /** URL the page was fetched from: base for relative links and fallback canonical URL. */
  url?: string;
  /** Content-Type of the response; `text/plain` selects the plain-text path. */
  contentType?: string;
  /** Site rules for this page (see `findRules`). */
  rules?: SiteRules;
}

/** How the body was found, for operators checking a site's extraction. */
export interface Extraction {
  method: 'rules' | 'generic' | 'jsonld-body' | 'text';
  /** Which evidence gave `publishedAt` (for example `jsonld`, `meta:article:published_time`, `time`). */
  dateSource?: string;
  notes?: string[];
}

/** An article draft plus how it was extracted. */
export interface ExtractedArticle extends ArticleDraft {
  extraction: Extraction;
  /** A date seen in page furniture (top bar "today" widget): never trusted as the publication date. */
  headerDate?: string;
}
