/** Lines that are page furniture whatever the site: ad labels, share prompts, teaser headings (multilingual). */

// Whole-line matches only: "Related Articles" alone is furniture, a sentence mentioning related articles is not.
const LEXICON = [
  'advertisement', 'advertisements', 'advertising', 'ad', 'ads', 'anzeige', 'werbung', 'publicité', 'publicite', 'publicidad',
  'pubblicità', 'advertentie', 'reklama', 'reklame', 'sponsored', 'sponsored content', 'paid content', 'promoted',
  'story continues below advertisement', 'continue reading below', 'article continues below', 'scroll to continue with content',
  'share', 'share this', 'share this article', 'share this story', 'share this post', 'share on facebook', 'share on twitter',
  'share via email', 'teilen', 'artikel teilen', 'diesen artikel teilen', 'beitrag teilen', 'partager', 'partager cet article',
  'compartir', 'condividi', 'delen', 'tweet', 'pin it', 'email', 'e-mail', 'print', 'drucken', 'imprimer', 'whatsapp',
  'facebook', 'twitter', 'linkedin', 'pinterest', 'reddit', 'telegram', 'xing', 'flipboard', 'copy link', 'link kopieren',
  'related', 'related articles', 'related posts', 'related stories', 'related content', 'related news', 'related topics',
  'you may also like', 'you might also like', 'you may be interested in', 'more from', 'more stories', 'more news',
  'read more', 'read also', 'also read', 'see also', 'recommended', 'recommended for you', 'weiterlesen', 'mehr zum thema',
  'das könnte sie auch interessieren', 'lesen sie auch', 'auch interessant', 'weitere artikel', 'ähnliche artikel',
  'ähnliche beiträge', 'lire aussi', 'à lire aussi', 'a lire aussi', 'sur le même sujet', 'leer más', 'lee también',
  'te puede interesar', 'noticias relacionadas', 'leggi anche', 'potrebbe interessarti', 'lees ook', 'zie ook',
  'latest', 'latest articles', 'latest news', 'latest posts', 'latest stories', 'recent posts', 'recent articles',
  'most popular', 'most read', 'popular posts', 'trending', 'trending now', 'meistgelesen', 'top stories', 'neueste artikel',
  'comments', 'comment', 'leave a comment', 'leave a reply', 'post a comment', 'add a comment', 'kommentare', 'kommentar',
  'kommentar schreiben', 'kommentieren', 'commentaires', 'comentarios', 'commenti', 'reacties',
  'subscribe', 'subscribe now', 'newsletter', 'sign up for our newsletter', 'newsletter abonnieren', 'jetzt abonnieren',
  'tags', 'schlagwörter', 'schlagworte', 'themen', 'topics', 'like this', 'like loading', 'gefällt mir', 'teilen mit',
  'sharen mit', 'share this:', 'click to share', 'follow us', 'folgen sie uns', 'folge uns', 'back to top', 'nach oben',
  'autor', 'autorin', 'author', 'the author', 'about the author', 'über den autor', 'über die autorin', 'zur person', 'à propos de l’auteur', "à propos de l'auteur",
  'sobre el autor', "l'autore", 'hinterlasse einen kommentar', 'hinterlasse jetzt einen kommentar', 'schreibe einen kommentar',
  'kommentar verfassen', 'kommentare anzeigen', 'jetzt kommentieren', 'leave a comment', 'write a comment', 'join the discussion',
  'möchten sie den artikel teilen?', 'artikel teilen', 'diesen beitrag teilen', 'share this article', 'share this page',
  'print this page', 'artikel drucken', 'seite drucken', 'mehr zum thema', 'weitere themen', 'mehr aus dem channel',
  'zurück', 'back', 'next', 'previous', 'next article', 'previous article', 'next post', 'previous post', 'vorheriger artikel',
  'nächster artikel', 'top', 'home', 'startseite', 'menu', 'menü', 'skip to content', 'zum inhalt springen', 'loading',
];
const FURNITURE_LINE = new RegExp(
  `^[\\s\\-–—|•·:>»«(\\[]*(?:${LEXICON.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})[\\s\\-–—|•·:.!…)\\]<«»]*$`,
  'i',
);

/** True when a short line is generic page furniture ("- Advertisement -", "Related Articles", "Share this:"). */
export function isFurnitureLine(text: string): boolean {
  return text.length <= 60 && FURNITURE_LINE.test(text);
}

const AD_LABEL = /^[\s\-–—|•·:([]*(?:advertisement|advertising|ad|ads|anzeige|werbung|publicité|publicite|publicidad|pubblicità|advertentie|reklama|reklame|sponsored|paid content)[\s\-–—|•·:.)\]]*$/i;

/** True for an ad slot's label: the whole slot around it is an ad. */
export function isAdLabel(text: string): boolean {
  return text.length <= 30 && AD_LABEL.test(text);
}

// Photo credits on their own line ("Foto: dpa", "Credit: Getty Images", "TebNad/Shutterstock.com").
const CREDIT = /^(?:fotos?|photos?|bild(?:er)?|image(?:s)?|credits?|crédits?(?: photos?)?|kuva|quelle|source|grafik|illustration|foto(?:grafie)?|bildquelle|titelbild|beitragsbild|header(?:bild)?)\s*(?:[:©|]|\bvia\b)|^(?:©|\(c\)|copyright\b)/i;
const AGENCY = /(?:©|\bgetty\s?images\b|shutterstock|\bimago\b|\bistock(?:photo)?\b|\bunsplash\b|\bpixabay\b|\bpicture[- ]alliance\b|\bdpa\b|\breuters\b|\bafp\b|\bap photo\b)/i;

/** True for a short line that only credits a photo. */
export function isCreditLine(text: string): boolean {
  if (text.length > 120) return false;
  if (CREDIT.test(text) && !/[.!?]\s+\p{Lu}/u.test(text)) return true;
  return text.length <= 60 && AGENCY.test(text) && !/[.!?]$/.test(text);
}

// WordPress and similar themes print these under (or over) the post: metadata, not story text.
const POST_META = /^(?:this entry was posted|this post was posted|posted in|posted on|posted by|filed under|tagged(?: with)?|categories|category|kategorien?|schlagwörter|schlagworte|stichwörter|dieser eintrag wurde|dieser beitrag wurde|der beitrag wurde|veröffentlicht (?:am|in|von|unter)|erstellt am|geschrieben (?:am|von)|publié (?:le|dans|par)|publicado (?:el|en|por)|pubblicato (?:il|in|da)|geplaatst (?:op|in|door)|last updated|zuletzt aktualisiert|aktualisiert am)\b/i;

/** True for a post metadata line ("This entry was posted in …", "Dieser Eintrag wurde veröffentlicht in …"). */
export function isPostMetaLine(text: string): boolean {
  return text.length <= 600 && POST_META.test(text);
}

// "Read also: <link>" lines point to another story; the phrase starts the line and a link fills the rest.
const READ_ALSO = /^[\s\-–—>»•]*(?:read (?:also|more|next)|see also|also read|related|more on this|lesen sie (?:auch|mehr|hier)|lies auch|auch interessant|mehr dazu|mehr zum thema|siehe auch|weiterlesen|à lire (?:aussi|également)|lire aussi|voir aussi|lee (?:también|más)|leer más|ver también|leggi anche|vedi anche|lees ook|zie ook)\b\s*[:…-]?/i;

/** True for a "Read also: …" line (check that the rest is a link before removing it). */
export function isReadAlsoLine(text: string): boolean {
  return text.length <= 250 && READ_ALSO.test(text);
}
