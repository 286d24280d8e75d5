// The language of real saved pages (../shared/realweb-dev, seven languages) and of the
// hand-written articles of tests/fixtures/lang (nine languages), as the brief reports it:
// with the language the page declares, and detected with the declaration taken away.
// Fails (never skips) without ../shared.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { condense } from '../../src/brief/index.ts';
import { loadExpectationSet, loadPageSet, repoRoot, SETS } from '../../scripts/eval/sets.ts';
import { articleFromHtml } from '../../src/feeds/page.ts';

describe('language of real news pages', () => {
  it('is right on every page, declared or detected', () => {
    const pages = loadPageSet(SETS.realweb);
    expect(pages.length).toBeGreaterThanOrEqual(40);
    const wrong: string[] = [];
    for (const p of pages) {
      const article = articleFromHtml(p.html, p.url);
      const want = p.expected.lang ?? 'en';
      const declared = condense(article).lang;
      const detected = condense({ ...article, lang: null }).lang;
      if (declared !== want) wrong.push(`${p.name}: declared ${declared}`);
      if (detected !== want) wrong.push(`${p.name}: detected ${detected}`);
    }
    expect(wrong).toEqual([]);
  }, 60_000);

  it('is detected right on every hand-written article in nine languages', () => {
    const root = join(repoRoot, 'tests', 'fixtures', 'lang');
    const langs = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(langs.length).toBeGreaterThanOrEqual(9);
    const wrong = langs.flatMap((lang) =>
      loadExpectationSet(join(root, lang)).map((c) => ({ name: c.name, lang, got: condense({ ...c.article, lang: null }).lang })).filter((r) => r.got !== r.lang),
    );
    expect(wrong).toEqual([]);
  });
});
