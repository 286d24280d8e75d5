// Reading the plain-text article format used by fixtures and the preview command:
//   [whitespace]date YYYY-MM-DD [headline]
//   [headline, when not on the date line]
//   paragraphs separated by blank lines
// Files without a date line (such as bare article texts) have no headline: the headline is
// left empty rather than invented from the first sentence, which is already the summary.
import type { Article } from './types.ts';
import { blocksFromText } from './article-body.ts';
import { cleanHeadline } from './headline.ts';
import { articleId, contentHash } from './article-id.ts';

export function parseArticleText(text: string, path = ''): Article {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let title = '';
  let published: string | null = null;
  let bodyFrom = 0;
  const m = /^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*(.*)$/.exec(lines[0] ?? '');
  if (m) {
    published = m[1]!;
    title = m[2]!.trim();
    bodyFrom = 1;
    if (!title && lines[1] !== undefined && lines[1].trim() !== '') {
      title = lines[1].trim();
      bodyFrom = 2;
    }
  }
  const body = lines.slice(bodyFrom).join('\n').trim();
  title = cleanHeadline(title);
  const id = articleId('', '', '', title, body);
  return {
    id,
    feedUrl: '',
    source: path ? (path.split(/[\\/]/).pop() ?? '').replace(/\.[^.]*$/, '') : '',
    title,
    link: '',
    published,
    author: null,
    categories: [],
    body: blocksFromText(body),
    bodySource: 'feed',
    contentHash: contentHash(title, body),
    lang: null,
  };
}
