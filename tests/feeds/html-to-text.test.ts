// The one HTML-to-text converter: feed bodies, titles and fetched pages all go through it.
import { describe, expect, it } from 'vitest';
import { blocksFromText } from '../../src/feeds/article-body.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SETS } from '../../scripts/eval/sets.ts';
import { htmlToBlocks, htmlToInline, namedEntity, nestingDepth } from '../../src/feeds/html-to-text.ts';

const texts = (html: string) => htmlToBlocks(html).map((b) => b.text);

describe('htmlToBlocks', () => {
  it('keeps prose, drops scripts, navigation and share bars, and marks captions', () => {
    const html = `<nav><a href="/">Home</a></nav><p>First &amp; foremost.</p><script>var x = "<p>no</p>";</script>
      <figure><img src="a.jpg"><figcaption>A caption</figcaption></figure>
      <div class="share-bar"><a>Share on Facebook</a></div><p>Second&nbsp;para &#8220;quoted&#8221;.</p>`;
    expect(htmlToBlocks(html)).toEqual([
      { kind: 'paragraph', text: 'First & foremost.' },
      { kind: 'caption', text: 'A caption' },
      { kind: 'paragraph', text: 'Second para “quoted”.' },
    ]);
  });

  it('does not end a tag at a ">" inside an attribute value', () => {
    expect(texts('<p><a href="/x" title="a > b" data-json=\'{"k":">"}\'>Link text</a> and the rest.</p>')).toEqual(['Link text and the rest.']);
    expect(texts('<p><img alt="2 > 1" src="x.png">After the image.</p>')).toEqual(['After the image.']);
  });

  it('reads on after a <script> or <style> whose content holds "<"', () => {
    const html = '<p>Before.</p><script>if (a < b && c <d) { document.write("<p>x</p>"); }</script><style>a<b{}</style><p>After.</p>';
    expect(texts(html)).toEqual(['Before.', 'After.']);
  });

  it('decodes legacy, numeric and windows-1252 references', () => {
    expect(texts('<p>A &#151; B &copy 2024 &eacute;t&eacute; &#x2019;s &amp;amp; &zzqq; &#0;x</p>')).toEqual(['A — B © 2024 été ’s &amp; &zzqq; �x']);
  });

  it('keeps headings, block quotes and list items apart, as blocks of their kind', () => {
    const html = '<h2>What happened</h2><p>The port closed.</p><blockquote><p>We had no choice.</p></blockquote><ul><li>One</li><li>Two</li></ul>';
    expect(htmlToBlocks(html).map((b) => b.kind)).toEqual(['heading', 'paragraph', 'quote', 'item', 'item']);
  });

  it('treats caption and credit classes as captions, wherever the text sits', () => {
    const html = '<p>Story.</p><div class="image-caption"><span>The mayor speaks.</span></div><p class="photo-credit">Photo: Jane Roe</p>';
    expect(htmlToBlocks(html)).toEqual([
      { kind: 'paragraph', text: 'Story.' },
      { kind: 'caption', text: 'The mayor speaks.' },
      { kind: 'caption', text: 'Photo: Jane Roe' },
    ]);
  });

  it('splits paragraphs at double line breaks, as feeds write them', () => {
    expect(texts('One line<br>still one.<br><br>Second paragraph.')).toEqual(['One line still one.', 'Second paragraph.']);
  });

  it('keeps the body when its container carries a furniture-like class', () => {
    const body = Array.from({ length: 6 }, (_, i) => `<p>Paragraph ${i} of the story with enough words to count as real prose here.</p>`).join('');
    expect(texts(`<div class="story ad-free">${body}</div>`).join(' ')).toContain('Paragraph 5 of the story');
  });

  it('unescapes doubly escaped HTML once more', () => {
    expect(texts('<div>&lt;p&gt;Entry &amp;amp; content&lt;/p&gt;</div>')).toEqual(['Entry & content']);
  });

  it('drops hidden elements and invisible characters', () => {
    expect(texts('<p>Vis\u00adible<span hidden>secret</span><span aria-hidden="true">icon</span>\u200b text.</p>')).toEqual(['Visible text.']);
  });

  it('recovers from unclosed and stray tags', () => {
    expect(texts('<p>One <b>bold</p><p>Two</i> done.')).toEqual(['One bold', 'Two done.']);
    expect(texts('a < b and c > d')).toEqual(['a < b and c > d']);
  });
});

describe('nestingDepth', () => {
  // The rule written as a pattern: `<name …>` or `</name …>` with no "<" or ">" inside; void
  // elements and "<… />" open nothing.
  const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
  function byPattern(html: string): number {
    let depth = 0;
    let max = 0;
    for (const m of html.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^<>]*?(\/?)>/g)) {
      if (VOID.has(m[2]!.toLowerCase()) || m[3]) continue;
      depth = m[1] ? Math.max(0, depth - 1) : depth + 1;
      max = Math.max(max, depth);
    }
    return max;
  }

  it('measures real pages and tag soup as the pattern does', () => {
    const pages = readdirSync(SETS.realweb).filter((f) => f.endsWith('.html')).map((f) => readFileSync(join(SETS.realweb, f), 'utf8'));
    expect(pages.length).toBeGreaterThan(20);
    const soup = ['<div><p>a<br>b<br/>c</p></div>', '<DIV><IMG src=x><P>x</P></DIV>', '<a<b>c</b>', '< p>x</p>', '<div title="a>b"><span/></div>',
      '<x:y-z_1><q/></x:y-z_1>', '</p></p><p>', '<p', 'text > more < less', '<div>'.repeat(50) + '</div>'.repeat(60), '<ns:tag a=1 / >', ''];
    for (const html of [...pages, ...soup]) expect(nestingDepth(html), html.slice(0, 60)).toBe(byPattern(html));
    expect(nestingDepth('<div>'.repeat(50))).toBe(50);
  });
});

describe('htmlToInline', () => {
  it('makes one line of a title, decoding markup and double-encoded entities', () => {
    expect(htmlToInline('Rates &amp;amp; <b>taxes</b>\n rise')).toBe('Rates & taxes rise');
    expect(htmlToInline('Plain title')).toBe('Plain title');
  });
});

describe('namedEntity', () => {
  it('knows the HTML names and nothing else', () => {
    expect(namedEntity('hellip')).toBe('…');
    expect(namedEntity('copyx')).toBeNull();
  });
});

describe('blocksFromText', () => {
  it('splits on blank lines, or on single breaks when a text has no blank line', () => {
    expect(blocksFromText('One.\nTwo.\nThree.').map((b) => b.text)).toEqual(['One.', 'Two.', 'Three.']);
    expect(blocksFromText('One\ncontinued.\n\nTwo.').map((b) => b.text)).toEqual(['One continued.', 'Two.']);
  });
});
