import { afterEach, describe, expect, it } from 'vitest';
import type { StoredBrief } from '../../src/store/index.ts';
import { GUILD, harness, TEXT, type Harness } from './harness.ts';

/**
 * A large archive: 30,000 briefs stored in one day (a first poll of a large feed set, or a month of a
 * modest one), three quotes each. Discord drops an interaction not answered (or deferred) within 3
 * seconds; every archive command must make it, through the real client and the fake Discord.
 */
const BRIEFS = 30_000;
const DEADLINE_MS = 3000;
const SPEAKERS = ['Dmytro Kuleba', 'Annalena Baerbock', 'Antony Blinken', 'Sergei Lavrov', 'Olaf Scholz', 'Ursula von der Leyen'];
const TOPICS = ['world', 'ukraine', 'business', 'politics'];

function stored(i: number, day: string): StoredBrief {
  const createdAt = new Date(Date.parse(`${day}T00:00:00.000Z`) + i * 2000).toISOString();
  return {
    brief: {
      id: `large${i.toString(36).padStart(6, '0')}`,
      headline: `Talks resume in round ${i} as ministers meet`,
      date: day,
      source: 'Example News',
      link: `https://example.org/story/${i}`,
      summary: `Ministers met for round ${i} of talks on trade and security.`,
      quotes: [0, 1, 2].map((k) => ({ text: `We made progress in round ${i}, part ${k}, and will meet again`, speaker: SPEAKERS[(i + k) % SPEAKERS.length]!, role: 'minister' })),
      context: ['The talks began last year.'],
      topics: [TOPICS[i % TOPICS.length]!, 'world'],
    },
    createdAt,
    updatedAt: createdAt,
    feedUrls: ['https://example.org/rss'],
    articleIds: [`a${i}`],
    contentHash: 'h',
  };
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('commands over a large archive', () => {
  it('/brief, its Next button, /quotes and the speaker autocomplete answer within the deadline', async () => {
    h = await harness({ now: new Date('2024-03-01T23:59:00Z') });
    await h.store.briefs.saveMany(Array.from({ length: BRIEFS }, (_, i) => stored(i, '2024-03-01')));
    await h.start();
    const member = { channelId: TEXT, guildId: GUILD };
    const fake = h.fake;

    /** The interaction's first answer (reply, defer or choices) must reach Discord within the deadline. */
    async function timed(send: () => { id: string; token: string }) {
      const sentAt = Date.now();
      const i = send();
      const cb = await fake.waitFor((r) => r.method === 'POST' && r.path === `/interactions/${i.id}/${i.token}/callback`, 10_000);
      expect(cb.at - sentAt, 'first answer after').toBeLessThan(DEADLINE_MS);
      return fake.response(i, 10_000);
    }

    const page1 = await timed(() => fake.command('brief', {}, member));
    expect(page1.data.content).toMatch(/page 1 \(50\+ in all\)/);
    expect(page1.data.embeds).toHaveLength(5);
    expect(page1.data.embeds![0]!.title).toBe(`Talks resume in round ${BRIEFS - 1} as ministers meet`);
    const next = page1.data.components![0]!.components[1]!;
    const page2 = await timed(() => fake.button(next.custom_id!, member));
    expect(page2.data.embeds![0]!.title).toBe(`Talks resume in round ${BRIEFS - 6} as ministers meet`);
    const back = await timed(() => fake.button(page2.data.components![0]!.components[0]!.custom_id!, member));
    expect(back.data.embeds![0]!.title).toBe(`Talks resume in round ${BRIEFS - 1} as ministers meet`);

    const byTopic = await timed(() => fake.command('brief', { topic: 'business', search: 'round 29998' }, member));
    expect(byTopic.data.embeds!.map((e) => e.title)).toEqual(['Talks resume in round 29998 as ministers meet']);

    const all = await timed(() => fake.command('quotes', {}, member));
    expect(all.data.content).toMatch(/50\+ found, showing the newest \d+/);
    const bySpeaker = await timed(() => fake.command('quotes', { speaker: 'kuleba', topic: 'ukraine', days: 30 }, member));
    expect(bySpeaker.data.embeds![0]!.description).toContain('Dmytro Kuleba');
    expect(bySpeaker.data.embeds![0]!.description).not.toContain('Sergei Lavrov');

    const speakers = await timed(() => fake.autocomplete('quotes', { speaker: 'an' }, 'speaker', member));
    expect(speakers.data.choices!.map((c) => c.value).sort()).toEqual(['Annalena Baerbock', 'Antony Blinken']);
  }, 120_000);
});
