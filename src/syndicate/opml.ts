/** OPML 2.0 (http://opml.org/spec2.opml) subscription list of our outbound feeds, for readers and partners to import. */
import { escapeXmlAttr, escapeXmlText, oneLine } from './text.js';

/** One feed of the list. */
export interface OpmlFeed {
  title: string;
  description?: string;
  /** The feed URL (xmlUrl) and its type: rss for RSS/Atom, as OPML readers expect. */
  xmlUrl: string;
  htmlUrl?: string;
}

/** Renders an OPML 2.0 document listing `feeds`. */
export function renderOpml(title: string, feeds: readonly OpmlFeed[], created: Date): string {
  const outlines = feeds.map((f) => {
    const t = escapeXmlAttr(oneLine(f.title));
    const desc = f.description ? ` description="${escapeXmlAttr(oneLine(f.description))}"` : '';
    const html = f.htmlUrl ? ` htmlUrl="${escapeXmlAttr(f.htmlUrl)}"` : '';
    return `    <outline type="rss" text="${t}" title="${t}"${desc} xmlUrl="${escapeXmlAttr(f.xmlUrl)}"${html}/>`;
  });
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0">\n  <head>\n' +
    `    <title>${escapeXmlText(oneLine(title))}</title>\n    <dateCreated>${created.toUTCString()}</dateCreated>\n` +
    `  </head>\n  <body>\n${outlines.join('\n')}\n  </body>\n</opml>\n`
  );
}
