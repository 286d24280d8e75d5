// Loading fixture and eval sets from disk, for tests and scripts (never used by the bot).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Article } from '../../src/feeds/index.ts';
import { parseArticleText, htmlToBlocks, htmlToInline, cleanHeadline } from '../../src/feeds/index.ts';
import type { Expectation } from './score.ts';

/** Root of the checkout (this file lives in scripts/eval/). */
export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const sharedDir = resolve(repoRoot, '..', 'shared');

export interface Case<T> {
  name: string;
  article: Article;
  expected: T;
}

export interface Reference {
  reference: string;
  lead3: string;
}

/** An article file with the given name stem: `.txt` (plain-text format) or `.html` (body HTML). */
export function loadArticle(dir: string, stem: string): Article {
  const txt = join(dir, `${stem}.txt`);
  if (existsSync(txt)) return parseArticleText(readFileSync(txt, 'utf8'), txt);
  const htmlPath = join(dir, `${stem}.html`);
  const html = readFileSync(htmlPath, 'utf8');
  // HTML fixtures carry their headline and date in <title> and <meta name="date">.
  const title = /<title>([\s\S]*?)<\/title>/i.exec(html)?.[1]?.trim() ?? '';
  const date = /<meta\s+name="date"\s+content="(\d{4}-\d{2}-\d{2})"/i.exec(html)?.[1] ?? null;
  const base = parseArticleText(html, htmlPath);
  return { ...base, title: cleanHeadline(htmlToInline(title)), published: date, body: htmlToBlocks(html) };
}

function stems(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith(suffix)).map((f) => f.slice(0, -suffix.length)).sort();
}

/** Articles with `.expected.json` beside them; empty when the folder is absent. */
export function loadExpectationSet(dir: string): Case<Expectation>[] {
  return stems(dir, '.expected.json').map((stem) => ({
    name: stem,
    article: loadArticle(dir, stem),
    expected: JSON.parse(readFileSync(join(dir, `${stem}.expected.json`), 'utf8')) as Expectation,
  }));
}

/**
 * Which part of a summary set an article belongs to. Rules are tuned on the `tuning` part
 * only; the `held-back` part stands in for articles never seen, so its ROUGE against Lead-3 is
 * the figure that counts. The split is a 32-bit FNV-1a hash of the file name stem, even to
 * `tuning` and odd to `held-back`: fixed, independent of the directory's order, and stable when
 * articles are added (cnndm-dev: 61 tuning, 64 held back).
 */
export type SummaryPart = 'tuning' | 'held-back';

export function summaryPart(stem: string): SummaryPart {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(stem)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 2 === 0 ? 'tuning' : 'held-back';
}

/** Articles with `.reference.json` (reference summary and Lead-3) beside them. */
export function loadReferenceSet(dir: string): Case<Reference>[] {
  return stems(dir, '.reference.json').map((stem) => ({
    name: stem,
    article: loadArticle(dir, stem),
    expected: JSON.parse(readFileSync(join(dir, `${stem}.reference.json`), 'utf8')) as Reference,
  }));
}

export const SETS = {
  seed: resolve(sharedDir, 'fixtures', 'articles'),
  fixtures: resolve(repoRoot, 'tests', 'fixtures', 'articles'),
  polnear: resolve(sharedDir, 'eval', 'polnear-dev'),
  cnndm: resolve(sharedDir, 'eval', 'cnndm-dev'),
  realweb: resolve(sharedDir, 'realweb-dev'),
  /** Hand-written annotated articles per language: tests/fixtures/lang/<lang>/. */
  lang: resolve(repoRoot, 'tests', 'fixtures', 'lang'),
};

/** The languages with a folder of fixtures under tests/fixtures/lang/, sorted. */
export function fixtureLanguages(): string[] {
  if (!existsSync(SETS.lang)) return [];
  return readdirSync(SETS.lang, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

/** A saved web page with its expectations (the `realweb-dev` format). */
export interface PageCase {
  name: string;
  /** The page as saved, decoded as UTF-8 (every page of the set is UTF-8). */
  html: string;
  /** The URL the page is read as coming from (the set keeps no URLs). */
  url: string;
  expected: Expectation;
}

/** Saved pages with `.expected.json` beside them; throws when the folder is absent. */
export function loadPageSet(dir: string): PageCase[] {
  if (!existsSync(dir)) throw new Error(`page set not found: ${dir} (the shared folder must sit beside the checkout)`);
  return stems(dir, '.expected.json').map((stem) => ({
    name: stem,
    html: readFileSync(join(dir, `${stem}.html`), 'utf8'),
    url: `https://pages.example/${stem}`,
    expected: JSON.parse(readFileSync(join(dir, `${stem}.expected.json`), 'utf8')) as Expectation,
  }));
}
