/**
 * Page furniture and wire agencies, kept as data: the classifier scores lines against these lists,
 * so a newsroom's new control ("Click to Hide") is one more phrase here, not one more rule.
 * Phrases are compared with the line reduced by furnitureKey() (lower case, no bullets, arrows,
 * pipes or counts).
 */
// Page furniture

export const FURNITURE = new Set([
  'reprint', 'reprints', 'reprints & permissions', 'reprints and permissions', 'permissions', 'reprint permission',
  'request reprint permission', 'request reprints', 'comment', 'comments', 'view comments', 'show comments',
  'hide comments', 'read comments', 'see comments', 'load comments', 'open comments', 'close comments',
  'view all comments', 'show all comments', 'leave a comment', 'add a comment', 'post a comment',
  'join the conversation', 'join the discussion', 'be the first to comment', 'jump to comments', 'discuss',
  'share', 'shares', 'share this', 'share this article', 'share this story', 'share article', 'share story',
  'share this page', 'tweet', 'tweet this', 'print', 'print this', 'print this article', 'print this story',
  'print article', 'print story', 'email', 'e-mail', 'email this', 'email this story', 'email this article',
  'e-mail this story', 'e-mail this article', 'email to a friend', 'send to a friend', 'advertisement',
  'advertisements', 'advert', 'ad', 'ads', 'sponsored', 'sponsored content', 'paid content', 'paid post',
  'story continues below advertisement', 'article continues below advertisement', 'continue reading below',
  'continue reading', 'subscribe', 'subscribe now', 'subscribe today', 'sign in', 'log in', 'login', 'log out',
  'register', 'sign up', 'newsletter', 'newsletters', 'show more', 'show less', 'show', 'hide', 'read more',
  'read less', 'see more', 'see less', 'load more', 'more', 'less', 'expand', 'collapse', 'back to top', 'top',
  'return to top', 'most read', 'most popular', 'most viewed', 'popular', 'trending', 'trending now',
  'recommended', 'recommended for you', 'related', 'related stories', 'related articles', 'related coverage',
  'related content', 'more stories', 'more from', 'more news', 'you may also like', 'you might also like',
  'read next', 'up next', "editor's picks", 'editors picks', 'skip to content', 'skip to main content',
  'skip to navigation', 'menu', 'search', 'close', 'open', 'next', 'previous', 'prev', 'next article',
  'previous article', 'next story', 'previous story', 'listen', 'listen to this article', 'listen to this story',
  'save', 'saved', 'save article', 'save for later', 'bookmark', 'gift this article', 'gift article', 'copy link',
  'copy url', 'link copied', 'facebook', 'twitter', 'x', 'linkedin', 'whatsapp', 'reddit', 'pinterest',
  'flipboard', 'bluesky', 'threads', 'mastodon', 'telegram', 'accept', 'accept all', 'accept cookies',
  'accept all cookies', 'reject all', 'reject', 'decline', 'cookie settings', 'cookie preferences',
  'manage cookies', 'manage preferences', 'privacy policy', 'privacy', 'terms of use', 'terms of service',
  'terms and conditions', 'contact us', 'about us', 'report an error', 'report a correction', 'corrections',
  'text size', 'font size', 'image', 'photo', 'photos', 'video', 'gallery', 'view gallery', 'view photos',
  'enlarge', 'enlarge this image', 'caption', 'hide caption', 'show caption', 'toggle caption',
  'expand caption', 'follow', 'follow us', 'home', 'all rights reserved', 'loading', 'advertise with us',
  // Comment-system controls seen on real pages after the copyright line.
  'click to hide', 'click to show', 'click to read more and view comments', 'click to view comments',
  'please read our comment policy before commenting', 'comment policy', 'read our comment policy',
  'view the discussion thread', 'powered by disqus', 'leave a reply',
  // Newsletter web views.
  'view this email in your browser', 'view this email in a browser', 'view in browser', 'view online',
  'forward to a friend', 'forward this email', 'unsubscribe', 'update your preferences', 'manage your subscription',
]);
/** Headings of link lists: the rest of their block is a list of other stories. */
export const LIST_HEADINGS = new Set([
  'most read', 'most popular', 'most viewed', 'popular', 'trending', 'trending now', 'recommended',
  'recommended for you', 'related', 'related stories', 'related articles', 'related coverage', 'related content',
  'more stories', 'more from', 'more news', 'you may also like', 'you might also like', 'read next', 'up next',
  "editor's picks", 'editors picks', 'see also', 'also read',
]);
export const SOCIAL = new Set(['facebook', 'twitter', 'x', 'linkedin', 'whatsapp', 'reddit', 'pinterest', 'flipboard', 'bluesky',
  'threads', 'mastodon', 'telegram', 'email', 'e-mail', 'print', 'copy', 'link', 'url', 'sms', 'messenger', 'on', 'via', 'or']);
/**
 * Furniture recognised by its beginning; lines longer than `max` are never furniture. Each
 * pattern asks for a little more than the first word, so that a sentence opening with the same
 * words ("Advertisement boards along Quay Street…", "Related: the council's other decisions…")
 * stays in the article.
 */
export const FURNITURE_PREFIXES: { re: RegExp; max: number; then?: RegExp }[] = [
  { re: /^click (?:here )?(?:to|for)\b/i, max: 200 },
  { re: /^please read our (?:comment|community|commenting) (?:policy|guidelines|rules)\b/i, max: 200 },
  // A link to another story: its title follows, capitalised.
  // (`then` is matched case-sensitively, after the case-insensitive `re`.)
  { re: /^(?:read more|related|see also|also read|more from [^.]*|more on this story|read next)\s*[:»›>|]\s*/i, max: 200,
    then: /^[\p{Lu}\p{N}“"‘']/u },
  { re: /^(?:related|more) (?:stories|articles|coverage|content|links?|news)\b/i, max: 120 },
  { re: /^sign (?:up|in)\b.*\b(?:newsletters?|e-?mails?|alerts?|updates|briefings?|digest|inbox)\b/i, max: 200 },
  { re: /^subscribe\b/i, max: 160 },
  { re: /^(?:get|receive|want) (?:our|the)\b.*\bnewsletters?\b/i, max: 200 },
  { re: /^(?:already|not) a subscriber\b/i, max: 160 },
  { re: /^skip to\b/i, max: 80 },
  { re: /^(?:like|enjoyed|enjoy) this (?:post|story|article|newsletter)\b/i, max: 80 },
  { re: /^you(?: are|'re|’re) receiving this (?:e-?mail|newsletter|message)\b/i, max: 300 },
  { re: /^that(?:'|’)?s (?:all|it) for (?:this|today|now)\b/i, max: 120 },
  { re: /^(?:we|this (?:site|website)|our (?:site|website)) uses? cookies\b/i, max: 400 },
  { re: /\buses? cookies\b.*\b(?:accept|consent|agree|privacy|experience|settings)\b/i, max: 400 },
  { re: /^by (?:continuing|using) (?:to use )?(?:this|our) (?:site|website)\b/i, max: 300 },
  { re: /^advertisement\s*(?:[-–—:|(]|$)/i, max: 80 },
  { re: /^(?:story|article) continues\b/i, max: 80 },
  { re: /^share (?:this|on|via|to)\b/i, max: 100 },
  { re: /^follow us\b/i, max: 120 },
  { re: /^(?:photo|photograph|image|picture|video|graphic|illustration)s?(?: credit)?\s*(?::|by\b)/i, max: 140 },
  { re: /^(?:photo )?credit\s*:/i, max: 140 },
  { re: /^(?:tags|topics|filed under|keywords)\s*:/i, max: 200 },
  { re: /^\d+\s*(?:min|mins|minute|minutes)\s+read$/i, max: 40 },
  { re: /^(?:estimated )?read(?:ing)? time\b/i, max: 40 },
  { re: /^(?:got|have) a (?:news )?tip\b/i, max: 200 },
  { re: /^send us (?:a|your) (?:news )?tips?\b/i, max: 200 },
  { re: /^(?:news )?tips\s*:/i, max: 200 },
  { re: /^(?:view|show|hide|read|see|load|open|close) (?:all )?(?:\d+\s+)?comments?\b/i, max: 60 },
  { re: /^comments?\s*[:(]?\s*\d+/i, max: 40 },
  { re: /^\d+\s+(?:comments?|replies|shares)\b/i, max: 40 },
  { re: /^listen to (?:this|the) (?:article|story)\b/i, max: 80 },
  { re: /^(?:privacy|cookie) (?:policy|notice|settings|preferences)\b/i, max: 120 },
];

export const KNOWN_WIRES: Record<string, string> = {
  ap: 'Associated Press', 'associated press': 'Associated Press', 'the associated press': 'Associated Press',
  reuters: 'Reuters', afp: 'Agence France-Presse', 'agence france-presse': 'Agence France-Presse',
  'agence france presse': 'Agence France-Presse', upi: 'United Press International',
  'united press international': 'United Press International', cp: 'The Canadian Press',
  'the canadian press': 'The Canadian Press', 'canadian press': 'The Canadian Press', aap: 'Australian Associated Press',
  'australian associated press': 'Australian Associated Press', 'pa media': 'PA Media', 'press association': 'PA Media',
  dpa: 'dpa', 'deutsche presse-agentur': 'dpa', efe: 'EFE', ansa: 'ANSA', xinhua: 'Xinhua', 'kyodo news': 'Kyodo News',
  'bloomberg news': 'Bloomberg News',
};
export const GENERIC_WIRE = /\b(?:wire|newswire|news service|wire service|press agency|news agency|presse-agentur|press association)\b/i;
