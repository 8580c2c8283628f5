/** feeds.yaml options of outbound feeds, as the syndicate stage receives them. */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError, loadConfig } from '../../../src/config/index.js';
import { writeConfigDir } from '../../helpers/config.js';

function load(feedsYaml: unknown) {
  const dir = writeConfigDir({ raw: { 'feeds.yaml': stringify(feedsYaml) } });
  try {
    return loadConfig(dir.dir, { PORT: '8080' });
  } finally {
    dir.cleanup();
  }
}

describe('feeds.yaml', () => {
  it('reads language, icon, logo, copyright, dedupe, maxAge and the WebSub hub', () => {
    const config = load({
      websub: { hub: 'https://hub.example.com/' },
      feeds: [
        {
          id: 'world',
          title: 'World',
          language: 'en-GB',
          icon: 'https://cdn.example.com/i.png',
          logo: 'https://cdn.example.com/l.png',
          copyright: '© Example',
          dedupe: 'url',
          filter: { maxAge: '2d', categories: ['World'] },
        },
        { id: 'quiet', title: 'Quiet', websub: false },
      ],
    });
    expect(config.feeds[0]).toEqual({
      id: 'world',
      title: 'World',
      filter: { categories: ['World'], maxAgeMs: 2 * 86_400_000 },
      limit: 50,
      content: 'full',
      access: 'public',
      dedupe: 'url',
      language: 'en-GB',
      icon: 'https://cdn.example.com/i.png',
      logo: 'https://cdn.example.com/l.png',
      copyright: '© Example',
      hub: 'https://hub.example.com/',
    });
    expect(config.feeds[1]).toMatchObject({ id: 'quiet', dedupe: 'cluster' });
    expect(config.feeds[1]).not.toHaveProperty('hub');
  });

  it('reports every bad option at once, with its path', () => {
    let err: unknown;
    try {
      load({ websub: { hub: 'ftp://x' }, feeds: [{ id: 'a', title: 'A', language: 'english', icon: 'icon.png', dedupe: 'story', filter: { maxAge: 'soon' } }] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    for (const path of ['websub.hub', 'feeds[0].language', 'feeds[0].icon', 'feeds[0].dedupe', 'feeds[0].filter.maxAge']) expect(problems).toContain(path);
  });
});
