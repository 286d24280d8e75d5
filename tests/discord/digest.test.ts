import { describe, expect, it } from 'vitest';
import type { Brief } from '../../src/brief/types.ts';
import { digestMessages } from '../../src/discord/digest.ts';
import { dueDigest } from '../../src/delivery/index.ts';
import { instantMessage, threadName, withinLimits } from '../../src/discord/render.ts';
import { LIMITS } from '../../src/discord/limits.ts';

const brief = (i: number, size = 1): Brief => ({
  id: `b${i}`,
  headline: `Headline ${i} ${'word '.repeat(60 * size)}`,
  date: '2024-03-01',
  source: 'Example',
  link: `https://example.org/${i}`,
  summary: `Summary ${i} ${'lorem ipsum '.repeat(50 * size)}`,
  quotes: [],
  context: [],
  topics: ['world'],
});

const sub = { mode: 'digest' as const, state: 'active' as const, time: '08:00', timezone: 'Europe/Berlin', since: '2024-02-01T00:00:00Z' };

describe('digest schedule', () => {
  it('is due from its local time on, once per local day', () => {
    expect(dueDigest(sub, new Date('2024-03-01T06:59:00Z'))).toBeNull();
    const due = dueDigest(sub, new Date('2024-03-01T07:00:00Z'));
    expect(due?.date).toBe('2024-03-01');
    expect(due?.at.toISOString()).toBe('2024-03-01T07:00:00.000Z');
    expect(due?.from.toISOString()).toBe('2024-02-29T07:00:00.000Z');
    expect(dueDigest({ ...sub, lastDigestDate: '2024-03-01' }, new Date('2024-03-01T12:00:00Z'))).toBeNull();
    expect(dueDigest({ ...sub, mode: 'instant' }, new Date('2024-03-01T12:00:00Z'))).toBeNull();
    expect(dueDigest({ ...sub, state: 'paused' }, new Date('2024-03-01T12:00:00Z'))).toBeNull();
  });

  it('does not owe a digest for a time before the subscription existed', () => {
    expect(dueDigest({ ...sub, since: '2024-03-01T07:30:00Z' }, new Date('2024-03-01T08:00:00Z'))).toBeNull();
  });
});

describe('digest messages', () => {
  it('puts one compact embed per brief in one message when they fit', () => {
    const msgs = digestMessages([brief(1), brief(2)], { topic: 'world', date: '2024-03-01' });
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.embeds.map((e) => e.url)).toEqual(['https://example.org/1', 'https://example.org/2']);
    expect(msgs[0]!.content).toContain('2 briefs');
    expect(msgs[0]!.allowed_mentions).toEqual({ parse: [], roles: [] });
  });

  it('splits over several messages within 10 embeds and 6,000 characters each', () => {
    const briefs = Array.from({ length: 37 }, (_, i) => brief(i, 3));
    const msgs = digestMessages(briefs, { topic: 'world', date: '2024-03-01', roleId: '55' });
    expect(msgs.length).toBeGreaterThan(4);
    for (const m of msgs) {
      expect(withinLimits(m)).toBe(true);
      expect(m.embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
      expect(m.allowed_mentions).toEqual({ parse: [], roles: ['55'] });
    }
    expect(msgs.flatMap((m) => m.embeds)).toHaveLength(37);
    expect(msgs[1]!.content).toMatch(/part 2 of/);
  });

  it('never cuts inside a word', () => {
    const [m] = digestMessages([brief(1, 10)], { topic: 'world', date: '2024-03-01' });
    const d = m!.embeds[0]!.description!;
    expect(d.endsWith('…')).toBe(true);
    expect(d.slice(0, -1)).toMatch(/(lorem|ipsum)$/);
  });
});

describe('instant message', () => {
  it('mentions only the subscription role and shortens thread names at a word', () => {
    const m = instantMessage(brief(1), { roleId: '77' });
    expect(m.content).toBe('<@&77>');
    expect(m.allowed_mentions).toEqual({ parse: [], roles: ['77'] });
    expect(instantMessage(brief(1), {}).allowed_mentions).toEqual({ parse: [], roles: [] });
    const name = threadName(brief(1));
    expect(name.length).toBeLessThanOrEqual(100);
    expect(name).toMatch(/word…$/);
  });
});
