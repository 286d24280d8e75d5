// The language of every real saved page of ../shared/realweb-dev (seven languages), as the
// brief made from the page reports it. Fails (never skips) without ../shared.
import { describe, expect, it } from 'vitest';
import { condense } from '../../src/brief/index.ts';
import { loadPageSet, SETS } from '../../src/brief/eval/sets.ts';
import { articleFromHtml } from '../../src/feeds/page.ts';

describe('language of real news pages', () => {
  it('is right on every page', () => {
    const pages = loadPageSet(SETS.realweb);
    const wrong = pages
      .map((p) => ({ name: p.name, want: p.expected.lang ?? 'en', got: condense(articleFromHtml(p.html, p.url)).lang }))
      .filter((r) => r.got !== r.want);
    expect(pages.length).toBeGreaterThanOrEqual(40);
    expect(wrong).toEqual([]);
  }, 60_000);
});
