/**
 * Query parameters that only carry click/campaign tracking and never select content.
 * Names are compared lower-cased. Sources: Google Analytics/Ads, Meta, Microsoft Ads, Mailchimp, HubSpot,
 * Marketo, Matomo/Piwik, AT Internet, Adobe, Yandex, TikTok, Twitter/X, LinkedIn, Instagram, Alibaba.
 * Keep this list conservative: a parameter that ever selects content (e.g. `ref`, `id`, `pk`) must not be here.
 */

/** Exact parameter names (lower case) that are stripped from article URLs. */
export const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  // Google Analytics / Ads / DoubleClick
  'gclid', 'gclsrc', 'dclid', 'gbraid', 'wbraid', '_ga', '_gl', 'gad_source',
  // Meta / Instagram
  'fbclid', 'igshid', 'igsh', 'fb_action_ids', 'fb_action_types', 'fb_source', 'fb_ref',
  'action_object_map', 'action_type_map', 'action_ref_map',
  // Microsoft Ads, Yandex, Twitter/X, TikTok, LinkedIn, Reddit, Impact
  'msclkid', 'yclid', 'twclid', 'ttclid', 'li_fat_id', 'rdt_cid', 'irclickid', 'ocid',
  // Mailchimp, HubSpot, Marketo, Vero, Olytics
  'mc_cid', 'mc_eid', '_hsenc', '_hsmi', '__hssc', '__hstc', '__hsfp', 'hsctatracking',
  'mkt_tok', 'vero_id', 'vero_conv', 'oly_anon_id', 'oly_enc_id',
  // Adobe, AT Internet, Webtrends, misc. publishers' campaign ids
  's_cid', 's_kwcid', 'xtor', 'wt_mc', 'wt.mc_id', 'ito', 'cmpid', 'ncid', 'sr_share', 'ns_mchannel',
  'ns_source', 'ns_campaign', 'ns_linkname', 'ns_fee',
  // Twitter share widgets, Rakuten, Alibaba SPM, Yahoo GUCE
  'ref_src', 'ref_url', 'rb_clickid', 'spm', 'guccounter', 'guce_referrer', 'guce_referrer_sig',
  // Matomo / Piwik campaign parameters (explicit: `pk` alone is a real primary-key parameter)
  'pk_campaign', 'pk_kwd', 'pk_keyword', 'pk_source', 'pk_medium', 'pk_content', 'pk_cid',
  'mtm_campaign', 'mtm_kwd', 'mtm_source', 'mtm_medium', 'mtm_content', 'mtm_cid', 'mtm_group', 'mtm_placement',
]);

/** Parameter name prefixes (lower case) that are stripped: utm_* (Urchin), at_* (AT Internet), hsa_* (HubSpot ads). */
export const TRACKING_PREFIXES: readonly string[] = ['utm_', 'at_', 'hsa_'];

/** True when a (decoded) query parameter name is a tracking parameter. */
export function isTrackingParam(name: string): boolean {
  const n = name.toLowerCase();
  return TRACKING_PARAMS.has(n) || TRACKING_PREFIXES.some((p) => n.startsWith(p));
}
