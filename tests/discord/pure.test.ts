import { ChannelType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { pageButtonId, parsePageButtonId } from '../../src/discord/browse.ts';
import { classifySendError } from '../../src/discord/sender.ts';
import { channelKind, describeSubscription, nextDigestAt } from '../../src/discord/subscribe.ts';
import { choices } from '../../src/discord/respond.ts';

describe('subscription helpers', () => {
  it('knows where newsbrief can post', () => {
    expect(channelKind(ChannelType.GuildText)).toBe('messages');
    expect(channelKind(ChannelType.GuildAnnouncement)).toBe('messages');
    expect(channelKind(ChannelType.PublicThread)).toBe('messages');
    expect(channelKind(ChannelType.GuildForum)).toBe('forum');
    expect(channelKind(ChannelType.GuildVoice)).toBeNull();
    expect(channelKind(null)).toBeNull();
  });

  it('finds the next digest time in the subscription time zone', () => {
    const sub = { time: '08:00', timezone: 'America/New_York' };
    expect(nextDigestAt(sub, new Date('2024-07-01T11:00:00Z')).toISOString()).toBe('2024-07-01T12:00:00.000Z');
    expect(nextDigestAt(sub, new Date('2024-07-01T13:00:00Z')).toISOString()).toBe('2024-07-02T12:00:00.000Z');
  });

  it('describes a paused subscription with its reason', () => {
    const line = describeSubscription(
      { guildId: 'g', channelId: '5', channelKind: 'messages', topic: 'world', mode: 'instant', time: null, timezone: 'UTC', since: '', state: 'paused', pausedReason: 'gone', createdBy: '', createdAt: '' },
      true,
    );
    expect(line).toBe('• <#5> **world** · instant · **paused**: gone · nothing posted yet');
  });
});

describe('interaction helpers', () => {
  it('round-trips /brief page buttons within 100 characters', () => {
    const q = { topic: 'middle-east', date: '2024-03-01', search: 'a: b'.repeat(10) };
    const id = pageButtonId(q, 3);
    expect(id.length).toBeLessThanOrEqual(100);
    expect(parsePageButtonId(id)).toEqual({ page: 3, query: q });
    expect(parsePageButtonId(pageButtonId({}, 0))).toEqual({ page: 0, query: {} });
    expect(parsePageButtonId('brief:x')).toBeNull();
  });

  it('never offers more than 25 autocomplete choices', () => {
    expect(choices(Array.from({ length: 40 }, (_, i) => `t${i}`))).toHaveLength(25);
    expect(choices(['x'.repeat(150)])[0]!.name).toHaveLength(100);
  });

  it('pauses on missing access and unknown channels, retries the rest', () => {
    expect(classifySendError({ status: 404, code: 10003 }).kind).toBe('pause');
    expect(classifySendError({ status: 403, code: 50001 }).kind).toBe('pause');
    expect(classifySendError({ status: 403, code: 50013 }).kind).toBe('pause');
    expect(classifySendError({ status: 400, code: 50035 }).kind).toBe('reject');
    expect(classifySendError(new Error('ECONNRESET')).kind).toBe('retry');
  });
});
