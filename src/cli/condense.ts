import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { condense } from '../brief/index.ts';
import { parseArticleText, fetchArticlePage, articleFromHtml } from '../feeds/index.ts';
import type { Brief } from '../brief/index.ts';
import type { Config } from '../config/index.ts';
import { briefEmbed, embedToText } from '../discord/index.ts';
import type { Article } from '../feeds/index.ts';
import { assignTopics } from '../topics/index.ts';
import { UsageError, type CliArgs } from './args.ts';

/**
 * `newsbrief condense PATH|URL...`: the brief of each article, in the order given. An article
 * that cannot be read is reported (a JSON error line with --json) and the rest still print;
 * the exit code is 1 when any failed.
 */
export async function condenseCommand(args: CliArgs, config: Config): Promise<number> {
  if (!args.positionals.length) throw new UsageError('condense needs at least one article: newsbrief condense PATH|URL... [--json]');
  let failures = 0;
  for (const target of args.positionals) {
    try {
      const article = /^https?:\/\//i.test(target) ? await fetchArticlePage(target, config.fetch) : readArticleFile(target);
      const brief = assignTopics(condense(article), config.topics, article.categories);
      print(brief, args.json, config.brief.quotesShown);
    } catch (err) {
      failures++;
      const message = describeReadError(err);
      if (args.json) process.stdout.write(`${JSON.stringify({ error: message, path: target })}\n`);
      process.stderr.write(`newsbrief: ${target}: ${message}\n`);
    }
  }
  return failures ? 1 : 0;
}

function readArticleFile(path: string): Article {
  const bytes = readFileSync(path);
  // A NUL byte or a run of undecodable bytes means this is not a text or HTML article.
  if (bytes.subarray(0, 8192).includes(0)) throw new Error('not a text or HTML file (it holds binary data)');
  const text = bytes.toString('utf8');
  if ((text.slice(0, 8192).match(/\uFFFD/g) ?? []).length > 16) throw new Error('not UTF-8 text; convert the file to UTF-8 first');
  const ext = extname(path).toLowerCase();
  if (ext === '.html' || ext === '.htm' || /^\s*<(!doctype|html)/i.test(text)) return articleFromHtml(text, `file://${path}`);
  if (!text.trim()) throw new Error('the file is empty');
  return parseArticleText(text, path);
}

function describeReadError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'no such file';
  if (e.code === 'EISDIR') return 'is a directory, not an article file';
  if (e.code === 'EACCES') return 'permission denied';
  return e.message ?? String(err);
}

function print(brief: Brief, json: boolean, quotesShown: number) {
  if (json) process.stdout.write(`${JSON.stringify(brief)}\n`);
  else process.stdout.write(`${embedToText(briefEmbed(brief, { quotesShown }))}\n\n`);
}
