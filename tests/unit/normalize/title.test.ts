import { describe, expect, it } from 'vitest';
import { cleanTitle } from '../../../src/normalize/index.js';

describe('cleanTitle with a site name', () => {
  it.each([
    ['Fed raises rates - Reuters', 'Reuters', 'Fed raises rates'],
    ['Fed raises rates | REUTERS', 'Reuters', 'Fed raises rates'],
    ['Fed raises rates – Reuters', 'Reuters', 'Fed raises rates'],
    ['Fed raises rates — Reuters', 'Reuters', 'Fed raises rates'],
    ['Fed raises rates · Reuters', 'Reuters', 'Fed raises rates'],
    ['Fed raises rates :: Reuters', 'Reuters', 'Fed raises rates'],
    ['Reuters | Fed raises rates', 'Reuters', 'Fed raises rates'],
    ['Biden - Putin summit - The Times', 'The Times', 'Biden - Putin summit'],
    ['Biden - Putin summit', 'The Times', 'Biden - Putin summit'],
    ['Fed raises rates - Bloomberg', 'Reuters', 'Fed raises rates - Bloomberg'],
    ['Reuters', 'Reuters', 'Reuters'],
    ['Tom &amp; Jerry return - Cartoon &amp; Co', 'Cartoon & Co', 'Tom & Jerry return'],
    ['  <b>Bold</b>   news  - Site ', 'site', 'Bold news'],
  ])('%j (site %j) → %j', (title, site, expected) => {
    expect(cleanTitle(title, site)).toBe(expected);
  });
});

describe('cleanTitle without a site name (heuristic)', () => {
  it.each([
    ['Apple unveils new iPhone today - The Verge', 'Apple unveils new iPhone today'],
    ['Markets rally after Fed decision | Reuters', 'Markets rally after Fed decision'],
    ['How to bake sourdough at home | example.com', 'How to bake sourdough at home'],
    ['Le gouvernement annonce un plan — Le Monde', 'Le gouvernement annonce un plan'],
    // kept: remainder too short
    ['Biden - Putin summit', 'Biden - Putin summit'],
    ['Spain - France: match report', 'Spain - France: match report'],
    // kept: suffix is lower case, too long, or names a part of the story
    ['Stocks fall as inflation rises - live updates', 'Stocks fall as inflation rises - live updates'],
    ['Interview with the new mayor of the city - Part 2', 'Interview with the new mayor of the city - Part 2'],
    ['The long read on climate policy today | Opinion', 'The long read on climate policy today | Opinion'],
    ['Storm hits the coast overnight - Residents Describe Chaos In Their Flooded Streets', 'Storm hits the coast overnight - Residents Describe Chaos In Their Flooded Streets'],
    ['No separator in this headline', 'No separator in this headline'],
    ['Hyphenated-words-are-not-separators in this title', 'Hyphenated-words-are-not-separators in this title'],
  ])('%j → %j', (title, expected) => {
    expect(cleanTitle(title)).toBe(expected);
  });
});
