/** Plain-text pages (what a scraper saw, or text/plain): header lines, headline, body, footer furniture. */
import type { Author } from '../model/article.js';
import { parseAuthors } from './authors.js';
import { parseHumanDate } from './dates.js';
import { isFurnitureLine } from './furniture.js';

/** What the text path finds; dates are `YYYY-MM-DD` (normalized later). */
export interface TextPage {
  title: string;
  paragraphs: string[];
  authors: Author[];
  publishedAt?: string;
  headerDate?: string;
  siteName?: string;
  siteUrl?: string;
}

const BYLINE = /^(?:by|von|par|por|door|di)\s/i;

/** A body paragraph: long, or ends like a sentence. */
function isProse(line: string): boolean {
  return line.length >= 120 || (line.length >= 40 && /[.!?"”»)]$/.test(line));
}

/** A headline: short, starts with a letter or digit, no sentence end, not a date or furniture. */
function isHeadlineLike(line: string): boolean {
  return line.length >= 8 && line.length <= 200 && !/[.,;:]$/.test(line) && !isFurnitureLine(line) && !isDateLine(line) && !BYLINE.test(line) && /\p{L}.*\s\p{L}/u.test(line);
}

function isDateLine(line: string): boolean {
  return line.length <= 60 && parseHumanDate(line) !== undefined;
}

/**
 * The author box many themes print after the story: a short name line, then the same name with a URL glued
 * to it ("NameHTTP://…") or on its own, then a blurb. Returns the index of its first line.
 */
function authorBox(lines: string[], from: number): { at: number; name: string; url: string } | undefined {
  for (let i = from; i < lines.length - 1; i++) {
    const name = lines[i] as string;
    const next = lines[i + 1] as string;
    if (name.length > 80 || name.length < 2) continue;
    const m = /^(.*?)\s*(https?:\/\/\S+)$/.exec(next);
    if (m && (m[1] === name || m[1] === '')) return { at: i, name, url: m[2] as string };
  }
  return undefined;
}

/** Splits a text page into header, title, body and footer with layout-independent heuristics. */
export function readTextPage(input: string): TextPage {
  const lines = input.replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/[\t ]+/g, ' ').trim()).filter((l) => l !== '');
  // The headline is the last headline-like line before the first prose paragraph; short lines above it are header.
  const firstProse = lines.findIndex(isProse);
  let titleAt = -1;
  for (let i = (firstProse === -1 ? lines.length : firstProse) - 1; i >= 0; i--) {
    if (isHeadlineLike(lines[i] as string)) {
      titleAt = i;
      break;
    }
  }
  const page: TextPage = { title: titleAt >= 0 ? (lines[titleAt] as string) : '', paragraphs: [], authors: [] };
  for (const line of lines.slice(0, Math.max(0, titleAt))) {
    const d = isDateLine(line) ? parseHumanDate(line) : undefined;
    if (d && page.headerDate === undefined) page.headerDate = d;
  }
  const bodyStart = titleAt + 1;
  // Lines between the headline and the first paragraph: byline and date of the article itself.
  for (const line of lines.slice(bodyStart, firstProse === -1 ? bodyStart : firstProse)) {
    if (isDateLine(line)) page.publishedAt ??= parseHumanDate(line);
    if (BYLINE.test(line)) page.authors.push(...parseAuthors([line]).map((name) => ({ name })));
  }
  const box = authorBox(lines, Math.max(bodyStart, firstProse));
  let end = box ? box.at : lines.length;
  const furniture = lines.findIndex((l, i) => i >= Math.max(bodyStart, firstProse) && i < end && isFurnitureLine(l) && !lines.slice(i + 1, end).some(isProse));
  if (furniture !== -1) end = furniture;
  if (box) {
    page.authors = page.authors.length > 0 ? page.authors : [{ name: box.name, url: box.url }];
    if (/^https?:\/\/[^/]+\/?$/.test(box.url)) [page.siteName, page.siteUrl] = [box.name, box.url];
  }
  const start = firstProse === -1 ? bodyStart : firstProse;
  page.paragraphs = lines.slice(start, end).filter((l) => !isFurnitureLine(l));
  if (page.title === '' && page.paragraphs.length > 0 && (page.paragraphs[0] as string).length <= 200) page.title = page.paragraphs.shift() as string;
  return page;
}
