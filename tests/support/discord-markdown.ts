/**
 * What Discord would render from a message body, as far as the safety tests need it: which masked
 * links (`[label](url)`) are live, and whether a body fits Discord's limits (the fake Discord answers
 * 400 otherwise, as Discord does).
 */

// Discord's masked-link rule (simple-markdown's `link`): a label with balanced brackets, then a target.
const MASKED_LINK = /\[((?:\[[^\]]*\]|[^[\]]|\](?=[^[]*\]))*)\]\(\s*<?((?:\([^)]*\)|[^\s\\]|\\.)*?)>?(?:\s+['"]([\s\S]*?)['"])?\s*\)/g;

/** The masked links Discord would make live in a markdown string: a backslash-escaped character is literal text. */
export function liveMaskedLinks(markdown: string): { label: string; url: string }[] {
  // Blank out escaped pairs so they can neither open nor close a link (same length, same positions).
  const plain = markdown.replace(/\\[\s\S]/g, '\u0001\u0001');
  return [...plain.matchAll(MASKED_LINK)].filter((m) => /^https?:\/\//i.test(m[2] ?? '')).map((m) => ({ label: m[1]!, url: m[2]! }));
}

interface EmbedLike {
  title?: string;
  description?: string;
  url?: string;
  footer?: { text: string };
  author?: { name: string };
  fields?: { name: string; value: string }[];
}

/** Every string of a message body that Discord renders as markdown (content, embed titles, descriptions, fields). */
export function markdownStrings(body: { content?: unknown; embeds?: unknown }): string[] {
  const out: string[] = [];
  if (typeof body.content === 'string') out.push(body.content);
  for (const e of (body.embeds as EmbedLike[] | undefined) ?? []) {
    if (e.title) out.push(e.title);
    if (e.description) out.push(e.description);
    for (const f of e.fields ?? []) out.push(f.name, f.value);
  }
  return out;
}

/** Why Discord would refuse a message body (400 Invalid Form Body), or null when it fits every limit. */
export function messageLimitError(body: { content?: unknown; embeds?: unknown } | undefined): string | null {
  if (!body) return null;
  if (typeof body.content === 'string' && body.content.length > 2000) return `content is ${body.content.length} characters (max 2000)`;
  const embeds = (body.embeds as EmbedLike[] | undefined) ?? [];
  if (embeds.length > 10) return `${embeds.length} embeds (max 10)`;
  let total = 0;
  for (const e of embeds) {
    const checks: [string, number, number][] = [
      ['title', e.title?.length ?? 0, 256],
      ['description', e.description?.length ?? 0, 4096],
      ['footer.text', e.footer?.text.length ?? 0, 2048],
      ['author.name', e.author?.name.length ?? 0, 256],
      ['fields', e.fields?.length ?? 0, 25],
    ];
    for (const f of e.fields ?? []) checks.push(['field name', f.name.length, 256], ['field value', f.value.length, 1024]);
    for (const [what, n, max] of checks) if (n > max) return `embed ${what} is ${n} (max ${max})`;
    if (e.fields?.some((f) => !f.name || !f.value)) return 'embed field with an empty name or value';
    total += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  }
  if (total > 6000) return `embeds total ${total} characters (max 6000)`;
  return null;
}
