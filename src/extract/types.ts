/** Public types of the extract stage: per-site rules, options and the extracted article. */
import type { ArticleDraft } from '../model/article.js';
import type { SiteRules } from '../model/rules.js';

export type { SiteRules };

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
