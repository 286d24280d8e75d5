// Feed -> page fetch -> brief -> post, with the shapes real news sites send: an item whose
// description is an HTML teaser and whose link leads to a full page with navigation, captions,
// share bars and related links. Through the bot's own cycle and the real discord.js client.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { parseArticleText } from '../../src/feeds/index.ts';
import { GUILD, harness, pipelineCycle, testConfig, TEXT, type Harness } from '../discord/harness.ts';
import { startServer, type TestServer } from '../support/http-server.ts';

const story = parseArticleText(readFileSync(new URL('../fixtures/articles/wire-port-strike-2024-03-14.txt', import.meta.url), 'utf8'));
const paragraphs = story.body.map((b) => b.text);

/** A news page as sites serve it: the article among furniture. */
function newsPage(body: string[]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dockworkers walk out at three northern ports | Harbour Wire</title>
<meta property="og:title" content="Dockworkers walk out at three northern ports as pay talks collapse">
<meta property="og:site_name" content="Harbour Wire"><meta property="article:published_time" content="2024-03-14T09:30:00Z">
<script>window.dataLayer = [{ "a": "<p>not text</p>" }]; if (a < b) {}</script></head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<main><article><h1>Dockworkers walk out at three northern ports as pay talks collapse</h1>
<div class="byline">By Anna Berg, Harbour Wire</div>
<figure><img src="/dock.jpg" alt="Cranes at the port"><figcaption>Idle cranes at the Rottervik terminal on Thursday. (AP Photo/Jan Olsen)</figcaption></figure>
${body.map((p, i) => `<p>${p}</p>${i === 1 ? '<div class="share-tools">Share on Facebook Share on X</div><aside class="related"><a href="/x">Related: Port chiefs warn of delays</a></aside>' : ''}`).join('\n')}
<div class="newsletter-signup">Sign up for the Harbour Wire morning briefing.</div></article></main>
<footer>© Harbour Wire 2024</footer></body></html>`;
}

const teaser = '<p>Dockworkers at three northern ports walked off the job on <b>Thursday</b>.</p>';
const item = (guid: string, link: string, description = teaser, title = 'Dockworkers walk out at three northern ports as pay talks collapse') =>
  `<item><title>${title}</title><guid isPermaLink="false">${guid}</guid><link>${link}</link><pubDate>Thu, 14 Mar 2024 09:30:00 GMT</pubDate><description><![CDATA[${description}]]></description></item>`;

let h: Harness | undefined;
let server: TestServer | undefined;
afterEach(async () => {
  await h?.close();
  await server?.close();
  h = undefined;
  server = undefined;
});

async function run(items: (s: TestServer) => string[]) {
  server = await startServer({
    '/story': (_q, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(newsPage(paragraphs)),
    '/walled': (_q, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><article><p>Subscribe to read.</p></article></body></html>'),
  });
  const s = server;
  s.route('/rss', (_q, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<rss version="2.0"><channel><title>Harbour Wire</title>${items(s).join('')}</channel></rss>`));
  const base = testConfig(s.url('/rss'));
  // A topic of the operator's own, so the test is about full text, not the built-in topic rules.
  const config = parseConfig({ ...base, topics: [...base.topics, { name: 'ports', keywords: ['dockworkers', 'ports'] }], fetch: { ...base.fetch, fullText: true } });
  h = await harness({ config });
  const bot = await h.start({ runCycle: pipelineCycle(h.config, h.store, () => h!.clock.now) });
  const sub = await h.fake.response(h.fake.command('subscribe', { topic: 'ports' }, { channelId: TEXT, guildId: GUILD }));
  expect(sub.data.content).toMatch(/^Subscribed/);
  await bot.pollNow();
  return { bot, posts: h.fake.postsIn(TEXT) };
}

const embedOf = (post: { body: Record<string, unknown> }) => (post.body.embeds as { title: string; description: string; fields?: { name: string; value: string }[] }[])[0]!;
const why = async (link: string) => (await h!.fake.response(h!.fake.command('feeds', { sub: 'why', link }, { channelId: TEXT, guildId: GUILD }))).data.content as string;

describe('full text behind teaser feeds', () => {
  it('briefs the page, not the HTML teaser, and leaves the page furniture out', async () => {
    const { posts } = await run((s) => [item('p-1', s.url('/story'))]);
    expect(posts).toHaveLength(1);
    const embed = embedOf(posts[0]!);
    const all = JSON.stringify(embed);
    expect(embed.title).toBe('Dockworkers walk out at three northern ports as pay talks collapse');
    expect(all).toContain('Erik Lindqvist');
    expect(all).toContain('We gave the operators every chance');
    expect(all).toMatch(/40 percent|300 million|since the last agreement/);
    for (const furniture of ['Idle cranes', 'AP Photo', 'Share on Facebook', 'Related:', 'Sign up for', 'By Anna Berg', 'not text', '©']) {
      expect(all).not.toContain(furniture);
    }
    expect(await why(s().url('/story'))).toMatch(/Briefed from the article's page/);
  });

  it('keeps the teaser when the page is paywalled or missing, and /feeds why says why', async () => {
    await run((s) => [item('w-1', s.url('/walled')), item('g-1', s.url('/gone'), '<p>Ferry services were cancelled across the northern ports after the walkout, operators said on Thursday.</p>', 'Ferries cancelled')]);
    const walled = await why(s().url('/walled'));
    expect(walled).toMatch(/Briefed as \*\*Dockworkers walk out/);
    expect(walled).toMatch(/Briefed from the feed's own text: the page's text \(\d+ words\) is no longer than the feed's/);
    expect(await why(s().url('/gone'))).toMatch(/Briefed from the feed's own text: the page could not be used: HTTP 404/);
  });

  it('fetches an unchanged item\'s page once, not on every poll', async () => {
    const { bot } = await run((s) => [item('p-1', s.url('/story'))]);
    await bot.pollNow();
    await bot.pollNow();
    expect(s().requests.filter((r) => r.path === '/story')).toHaveLength(1);
    expect(h!.fake.postsIn(TEXT)).toHaveLength(1);
  });

  it('uses the page when the teaser is its first paragraph', async () => {
    const { posts } = await run((s) => [item('l-1', s.url('/story'), `<p>${paragraphs[0]}</p>`)]);
    expect(posts).toHaveLength(1);
    expect(JSON.stringify(embedOf(posts[0]!))).toContain('Maja Halvorsen');
  });
});

function s(): TestServer {
  return server!;
}
