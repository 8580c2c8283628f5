/** Hand-written wire-story fixtures (fictional) and the edits syndication partners make to them. */

/** A ~400-word wire story, paragraphs separated by blank lines (the shape of Article.contentText). */
export const WIRE = `LISBON (Reuters) - Portugal's parliament on Thursday approved a long-delayed plan to expand the national rail network, clearing the way for a high-speed line between Lisbon and Porto that the government says will cut the journey time to one hour and fifteen minutes.

The plan, which passed with 142 votes in favour and 71 against, commits 4.5 billion euros over the next eight years to new track, signalling upgrades and rolling stock. Roughly half of the money is expected to come from European Union cohesion funds, Infrastructure Minister Carla Mendes told lawmakers before the vote.

"This is the most important decision on transport that this country has taken in a generation," Mendes said. "For thirty years we have talked about this line. Today we stop talking and start building."

Opposition parties on the right argued that the cost estimates were unrealistic and that the government had not explained how it would cover overruns. Joao Ferreira, a lawmaker for the largest opposition party, said previous projects had run up to forty percent over budget and warned that taxpayers would pay the difference.

Construction of the first section, between Porto and the central city of Aveiro, is due to begin next spring. Tenders for the second section, which includes a new bridge over the Tagus river, will be launched by the end of the year, according to the state rail infrastructure company.

The line will be built to the European standard gauge, unlike most of the existing Portuguese network, which uses the wider Iberian gauge. Officials said that choice would eventually allow direct services to Madrid and beyond, although no date has been set for a cross-border connection.

Business groups welcomed the vote. The Porto chamber of commerce said faster links between the two largest cities would help companies recruit staff and reduce the number of domestic flights, which account for a growing share of transport emissions.

Environmental organisations also backed the plan but said the government should spend more on regional lines, many of which have been closed or reduced to a handful of trains a day over the past two decades.

Rail unions said they would seek talks with the government on staffing for the new services. The state operator currently employs about 3,000 people and has struggled to fill vacancies for drivers and maintenance technicians.

The European Commission is expected to approve the funding request in the coming months, a spokesperson for the infrastructure ministry said.`;

const paragraphs = WIRE.split('\n\n');

/** The same story as a partner site shows it: its own byline, dateline wording, share prompts and footer. */
export const WIRE_WITH_FURNITURE = [
  'By Staff and wire reports | Published 14:32 | Updated 15:05',
  'Share this article on Facebook Share on X Email this story',
  ...paragraphs,
  'Read more: Spain opens bids for new Madrid-Seville trains',
  'Sign up for our morning newsletter to get the day\'s top stories delivered to your inbox.',
  '© 2026 Reuters. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.',
].join('\n\n');

/** The same story with its first paragraph rewritten by a sub-editor. */
export const WIRE_NEW_LEAD = [
  'Lawmakers in Lisbon gave the green light on Thursday to a high-speed railway linking the capital with Porto, a project successive governments have promised for three decades and which ministers say will bring the two cities within 75 minutes of each other.',
  ...paragraphs.slice(1),
].join('\n\n');

/** The same story with its last third cut, as papers trim wire copy to fit. */
export const WIRE_TRIMMED = paragraphs.slice(0, Math.ceil((paragraphs.length * 2) / 3)).join('\n\n');

/** The same story with an update line on top. */
export const WIRE_UPDATED = ['Update: This story has been updated with comments from rail unions.', ...paragraphs].join('\n\n');

/** A different story on the same topic, with the same names and the very same first sentence. */
export const OTHER_SAME_LEAD = [
  paragraphs[0] ?? '',
  'Hours after the vote, Infrastructure Minister Carla Mendes travelled to Porto to meet mayors from the northern region, who pressed her for guarantees that stations would be built in smaller towns along the route and not only in the two largest cities.',
  'Mendes said the government would publish a list of proposed stations within six weeks and hold public consultations in every affected municipality. She declined to say whether Aveiro would receive a stop on the first section, saying engineers were still studying the options.',
  'Joao Ferreira, the opposition lawmaker who led criticism of the plan in parliament, used a news conference in Lisbon to call for an independent audit of the project before any contracts are signed. He said his party would take the matter to the Court of Auditors if necessary.',
  'Meanwhile, residents of villages near the proposed route between Leiria and Coimbra have formed an association to contest the expropriation of farmland. Its president said families had received letters without any explanation of how compensation would be calculated.',
  'The state rail infrastructure company said it would meet the association next week and that the final route could still change by several hundred metres in sensitive areas. It added that environmental impact studies for the northern sections were already complete.',
  'Analysts at a Lisbon brokerage said construction companies listed on the local stock exchange rose sharply on the news, with investors betting on a decade of public works contracts.',
].join('\n\n');

/** A short brief (under the minimum token count). */
export const BRIEF = 'Portugal approves Lisbon-Porto high-speed rail plan; construction to start next spring.';

/** The same story cut to its first four paragraphs (~40%): too short for Jaccard, caught by containment. */
export const WIRE_HALF = paragraphs.slice(0, 4).join('\n\n');

/** A teaser: only the first two paragraphs (~23% of the story) — contained in it, but too small to call a copy. */
export const WIRE_TEASER = paragraphs.slice(0, 2).join('\n\n');

/** A partner's copy: its own dateline credit, the rewritten lead, cut after five paragraphs, its own footer. */
export const WIRE_RELED_HALF = [
  'LISBON, Portugal (AP) — By the wire desk',
  ...WIRE_NEW_LEAD.split('\n\n').slice(0, 5),
  'Follow our Europe coverage at example.com/europe.',
].join('\n\n');
