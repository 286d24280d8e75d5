import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/feeds/charset.ts';
import { bodyText } from '../../src/feeds/article-body.ts';
import { FeedParseError, parseFeed } from '../../src/feeds/parse.ts';
import { articleId, canonicalLink } from '../../src/feeds/article-id.ts';
import { fixture } from './helpers.ts';

const base = 'https://feeds.example.com/';
// Articles with their body as plain text beside it, so expectations can name the text.
const read = (name: string, contentType?: string) => {
  const feed = parseFeed(decodeBody(fixture(name), contentType).text, base + name);
  return { ...feed, articles: feed.articles.map((a) => ({ ...a, text: bodyText(a.body) })) };
};

describe('parseFeed: formats', () => {
  it('reads RSS 2.0 with content:encoded, entities, relative links and odd zones', () => {
    const feed = read('rss2.xml');
    expect(feed.format).toBe('rss2');
    expect(feed.title).toBe('Example & Co News');
    const [first, second, third] = feed.articles;
    expect(first).toMatchObject({
      title: 'AT&T buys everything …',
      link: 'https://feeds.example.com/2024/03/att-buys?utm_source=rss&utm_medium=feed&id=7#comments',
      published: '2024-03-05T15:00:00.000Z',
      author: 'Jane Doe',
      categories: ['Business', 'Telecom'],
      body: [{ kind: 'paragraph', text: 'First paragraph with a link.' }, { kind: 'paragraph', text: 'Second paragraph — done.' }],
      source: 'Example & Co News',
    });
    expect(bodyText(first!.body)).not.toContain('alert');
    expect(bodyText(second!.body)).toBe('Plain text description with a line break.\n\nAnd a second paragraph.');
    expect(second!.published).toBe('2024-03-06T07:30:00.000Z');
    expect(third!.title).toBe('An item with neither title nor link but some text.');
    for (const a of feed.articles) expect(a.id).toMatch(/^[0-9a-f]{12}$/);
  });

  it('reads RSS 1.0 (RDF) with dc:date and dc:creator', () => {
    const feed = read('rss1.rdf');
    expect(feed.format).toBe('rss1');
    expect(feed.articles.map((a) => a.title)).toEqual(['RDF item A', 'RDF item B']);
    expect(feed.articles[0]).toMatchObject({ published: '2024-02-01T10:00:00.000Z', author: 'Ann' });
  });

  it('reads RSS 0.91 behind a Netscape DOCTYPE in ISO-8859-1', () => {
    const feed = read('rss091.xml');
    expect(feed.format).toBe('rss0.9');
    expect(feed.articles[0]).toMatchObject({ title: 'Café opens', text: 'Crème brûlée for everyone.' });
    expect(feed.repairs).toContain('removed DOCTYPE');
  });

  it('reads Atom with xml:base, xhtml content, categories, and a broken date as null', () => {
    const feed = read('atom.xml');
    expect(feed.format).toBe('atom');
    expect(feed.title).toBe('Atom <Blog>');
    const [valid, broken] = feed.articles;
    expect(valid).toMatchObject({
      link: 'https://atom.example.org/blog/posts/1',
      published: '2024-03-01T08:15:00.000Z',
      author: 'Alice',
      categories: ['Science'],
      text: 'XHTML content one.\n\nPara two.',
    });
    expect(broken).toMatchObject({ title: 'Entry with a broken date', published: null, text: 'Escaped HTML content.' });
  });

  it('reads JSON Feed 1.1 and drops items that fail the schema', () => {
    const feed = read('feed.json');
    expect(feed.format).toBe('json');
    expect(feed.articles).toHaveLength(2);
    expect(feed.articles[0]).toMatchObject({ title: 'HTML item', text: 'Hello world.', author: 'Bob', categories: ['a', 'b'] });
    expect(feed.articles[1]).toMatchObject({ link: 'https://feeds.example.com/relative/2', text: 'Line one.\n\nLine two.' });
    expect(feed.repairs).toEqual(['dropped 1 invalid JSON Feed items']);
  });

  it('rejects a JSON Feed whose items are not an array, naming the field', () => {
    expect(() => read('bad-jsonfeed.json')).toThrow(/invalid JSON Feed: items/);
  });

  it('reads RSS without a version attribute', () => {
    expect(read('no-version.xml').articles[0]!.title).toBe('Still read');
  });

  it('reads CDATA in every element', () => {
    const a = read('cdata-everywhere.xml').articles[0]!;
    expect(a).toMatchObject({
      title: 'Title with markup & ampersand',
      link: 'https://cdata.example.com/a?x=1&y=2',
      published: '2024-03-04T00:00:00.000Z',
      text: 'Body with a literal & entity and AT&T.',
    });
  });

  it('ignores foreign namespaces but keeps dc:date', () => {
    const a = read('namespaces.xml').articles[0]!;
    expect(a).toMatchObject({ title: 'Episode 1', published: '2024-03-03T10:00:00.000Z', text: 'Episode notes.' });
  });
});

describe('parseFeed: repairs and refusals', () => {
  it('repairs bare ampersands, HTML entities and control characters', () => {
    const feed = read('bare-ampersands.xml');
    expect(feed.title).toBe('Q&A Weekly & More');
    expect(feed.articles[0]).toMatchObject({
      title: 'AT&T and Procter & Gamble © 2024 &bogus;',
      link: 'https://amp.example.com/?a=1&b=2',
      text: "Ben & Jerry's scoop done",
    });
  });

  it('does not expand a billion-laughs entity bomb', () => {
    const started = performance.now();
    const feed = read('billion-laughs.xml');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(feed.repairs).toContain('removed DOCTYPE with entity declarations');
    expect(feed.articles[0]!.title).toBe('&lol9;');
    expect(JSON.stringify(feed).length).toBeLessThan(5000);
  });

  it('does not read external entities', () => {
    const feed = read('xxe.xml');
    expect(feed.articles[0]!.title).toBe('Leak: &xxe;');
    expect(JSON.stringify(feed)).not.toMatch(/root:/);
  });

  it('recovers the complete items of a truncated document', () => {
    const feed = read('truncated.xml');
    expect(feed.articles[0]!.title).toBe('Complete item');
    expect(feed.repairs.some((r) => r.startsWith('recovered from malformed XML'))).toBe(true);
  });

  it('reads an empty feed as no articles', () => {
    expect(read('empty-feed.xml')).toMatchObject({ title: 'Nothing Yet', articles: [] });
  });

  it.each([
    ['empty.xml', /^empty document$/],
    ['html-page.html', /^not a feed: got an HTML page \(it advertises a feed at https:\/\/feeds\.example\.com\/feed\/rss\.xml\)$/],
    ['not-a-feed.xml', /^not a feed: root element is <note>/],
  ])('fails %s with a clear reason', (name, reason) => {
    expect(() => read(name)).toThrow(FeedParseError);
    expect(() => read(name)).toThrow(reason);
  });

  it('explains XML it cannot recover', () => {
    expect(() => parseFeed('</rss>', base)).toThrow(/^malformed XML: Unmatched closing tag: rss/);
    expect(() => parseFeed('<!-- only a comment -->', base)).toThrow(/^malformed XML: no root element/);
    expect(() => parseFeed('plain words', base)).toThrow(/neither XML nor JSON/);
    expect(() => parseFeed('{"no": "version"}', base)).toThrow(/invalid JSON Feed: version/);
  });
});

describe('article identity', () => {
  it('scopes guids by feed URL', () => {
    expect(articleId('https://a.example/feed', '1', '', '', '')).not.toBe(articleId('https://b.example/feed', '1', '', '', ''));
  });

  it('makes the same canonical link from two feeds one id', () => {
    const a = articleId('https://a.example/feed', '', 'https://n.example/story?utm_source=a#top', 'x', '');
    const b = articleId('https://b.example/feed', '', 'https://n.example/story?utm_medium=b&fbclid=zz', 'y', '');
    expect(a).toBe(b);
  });

  it('keeps meaningful query parameters', () => {
    expect(canonicalLink('https://n.example/s?id=7&utm_source=x#c')).toBe('https://n.example/s?id=7');
  });

  it('is stable across parses', () => {
    expect(read('rss2.xml').articles.map((a) => a.id)).toEqual(read('rss2.xml').articles.map((a) => a.id));
  });

  it('uses the configured name as source, else the title, else the host', () => {
    const body = '<rss version="2.0"><channel><item><title>t</title></item></channel></rss>';
    expect(parseFeed(body, 'https://www.host.example/f').articles[0]!.source).toBe('host.example');
    expect(parseFeed(body, 'https://www.host.example/f', { sourceName: 'Mine' }).articles[0]!.source).toBe('Mine');
  });
});

describe('parseFeed: declared language', () => {
  it('gives every article the primary tag of the feed language', () => {
    const rss = '<rss version="2.0"><channel><title>T</title><language>de-DE</language><item><title>A</title><description>x</description></item></channel></rss>';
    const atom = '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="pt_BR"><title>T</title><entry><title>A</title><id>1</id><content>x</content></entry></feed>';
    const json = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'T', language: 'fr-CA', items: [{ id: '1', content_text: 'x' }] });
    expect(parseFeed(rss, base).articles[0]!.lang).toBe('de');
    expect(parseFeed(atom, base).articles[0]!.lang).toBe('pt');
    expect(parseFeed(json, base).articles[0]!.lang).toBe('fr');
    expect(parseFeed(rss.replace('<language>de-DE</language>', ''), base).articles[0]!.lang).toBeNull();
  });
});
