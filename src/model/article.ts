/** The canonical article: every source format ends up as one of these (field names are a public contract). */

/** A person credited on an article. */
export interface Author {
  name: string;
  url?: string;
  email?: string;
}

/** The lead image of an article. */
export interface ImageRef {
  url: string;
  alt?: string;
  width?: number;
  height?: number;
}

/** A media file attached to an article (podcast audio, video, documents). */
export interface Enclosure {
  url: string;
  type: string;
  length?: number;
}

/** Fields an item or a page can carry before it is identified, hashed and clustered. */
export interface ArticleDraft {
  url?: string;
  guid?: string;
  title: string;
  summary?: string;
  contentHtml?: string;
  contentText?: string;
  authors: Author[];
  publishedAt?: string;
  updatedAt?: string;
  language?: string;
  categories: string[];
  image?: ImageRef;
  enclosures: Enclosure[];
  siteName?: string;
  siteUrl?: string;
  wordCount: number;
}

/** A stored, canonical article (DESIGN.md "Canonical article"). */
export interface Article extends ArticleDraft {
  id: string;
  url: string;
  sourceId: string;
  fetchedAt: string;
  contentHash: string;
  fingerprint: string;
  clusterId: string;
}
