/** Interaction tokens never reach the logs, even when discord.js errors carry the callback URL. */
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { redactDiscordUrls } from '../../src/discord/redact.ts';
import { GUILD, harness, TEXT, type Harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('redactDiscordUrls', () => {
  it('replaces the token of interaction and webhook routes', () => {
    expect(redactDiscordUrls('POST https://discord.com/api/v10/interactions/123/aW50ZXJhY3Rpb24.tok-en_1/callback?with_response=false')).toBe(
      'POST https://discord.com/api/v10/interactions/123/***/callback?with_response=false',
    );
    expect(redactDiscordUrls('"/webhooks/900/secret.token/messages/@original"')).toBe('"/webhooks/900/***/messages/@original"');
    expect(redactDiscordUrls('/channels/1/messages')).toBe('/channels/1/messages');
  });
});

describe('logs of a failed interaction answer', () => {
  it('hold no interaction token', async () => {
    h = await harness();
    const lines: string[] = [];
    const log = pino({ level: 'debug' }, { write: (s: string) => void lines.push(s) });
    await h.start({ log });
    h.fake.fail({ method: 'POST', path: /^\/interactions\/\d+\/[^/]+\/callback$/, status: 400, times: 2 });
    const i = h.fake.command('subscriptions', {}, { channelId: TEXT, guildId: GUILD });
    await h.fake.until(() => h!.fake.requests.filter((r) => r.path.startsWith(`/interactions/${i.id}/`) && r.status).length >= 2, 5000, 'both answers');
    await vi.waitFor(() => expect(lines.join('')).toContain('could not report the failure'), { timeout: 5000 });
    const out = lines.join('');
    expect(out).toContain('interaction failed');
    expect(out).toContain(`/interactions/${i.id}/***/callback`);
    expect(out).not.toContain(i.token);
  });
});
