import { describe, expect, it } from 'vitest';
import { findArticleLinks } from '../../../src/parse/listing.js';

const PAGE = `<!doctype html><html><body>
<header><nav class="main-menu">
  <a href="/politics/">Politics</a><a href="/2024/07/menu-link-that-looks-like-an-article-but-is-nav">Menu story in the nav bar</a>
</nav></header>
<div class="breadcrumb"><a href="/">Home</a> › <a href="/news/">News</a></div>
<main>
  <article class="teaser"><a href="/2024/07/24/council-approves-ferry-terminal?utm_source=home"><img src="/t.jpg"></a>
    <h2><a href="/2024/07/24/council-approves-ferry-terminal">Council approves ferry terminal rebuild</a></h2></article>
  <article class="teaser"><h3><a href="https://www.example.com/news/storm-knocks-out-power-across-valley">Storm</a></h3></article>
  <div class="teaser"><a href="/story/123456">Jobless claims fall to the lowest level since 2008</a></div>
  <div><a href="/tag/weather/">Weather stories and more weather stories</a></div>
  <div><a href="/about-us-and-our-team">About us</a></div>
  <div><a href="https://other.example.org/2024/07/24/someone-elses-story">Someone else's story on another site</a></div>
  <div class="share-bar"><a href="/2024/07/24/share-this-story-on-social">Share this story with friends now</a></div>
</main>
<aside class="sidebar"><a href="/2024/07/23/most-read-story-of-the-day">Most read story of the day here</a></aside>
<footer><a href="/privacy-policy-and-cookies">Privacy policy and cookies page</a></footer>
</body></html>`;

describe('findArticleLinks', () => {
  it('finds article links in the main area and skips navigation, taxonomy, furniture and other sites', () => {
    const links = findArticleLinks(PAGE, 'https://www.example.com/news/');
    expect(links).toEqual([
      { url: 'https://www.example.com/2024/07/24/council-approves-ferry-terminal', title: 'Council approves ferry terminal rebuild' },
      { url: 'https://www.example.com/news/storm-knocks-out-power-across-valley', title: 'Storm' },
      { url: 'https://www.example.com/story/123456', title: 'Jobless claims fall to the lowest level since 2008' },
    ]);
  });

  it('uses the site selector when rules give one', () => {
    const links = findArticleLinks(PAGE, 'https://www.example.com/news/', { selector: 'aside.sidebar' });
    expect(links.map((l) => l.url)).toEqual(['https://www.example.com/2024/07/23/most-read-story-of-the-day']);
  });

  it('honours <base href> and the cap', () => {
    const html = '<base href="https://cdn.example.com/en/"><main>' +
      Array.from({ length: 5 }, (_, i) => `<h2><a href="2024/01/0${i + 1}/story-number-${i}">Story ${i}</a></h2>`).join('') + '</main>';
    const links = findArticleLinks(html, 'https://www.example.com/', { max: 2 });
    expect(links.map((l) => l.url)).toEqual([
      'https://cdn.example.com/en/2024/01/01/story-number-0',
      'https://cdn.example.com/en/2024/01/02/story-number-1',
    ]);
  });
});
