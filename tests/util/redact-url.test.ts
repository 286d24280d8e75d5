import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/util/log.ts';
import { redactUrl, redactUrls } from '../../src/util/redact-url.ts';

describe('redactUrl', () => {
  it('hides the whole password, even one holding an @', () => {
    expect(redactUrl('postgres://bot:hunter2@db/newsbrief')).toBe('postgres://bot:***@db/newsbrief');
    expect(redactUrl('postgres://u:p@ss@host/db')).toBe('postgres://u:***@host/db');
    expect(redactUrl('redis://:s3cr3t@cache:6379')).toBe('redis://:***@cache:6379');
    // A lone user part is often a token.
    expect(redactUrl('https://ghp_abcdef@feeds.example/rss')).toBe('https://***@feeds.example/rss');
  });

  it('hides secret query parameters and keeps the others', () => {
    expect(redactUrl('postgres://host/db?user=bot&password=hunter2&sslmode=require')).toBe('postgres://host/db?user=bot&password=***&sslmode=require');
    expect(redactUrl('https://feeds.example/rss?token=abc123&lang=en#top')).toBe('https://feeds.example/rss?token=***&lang=en#top');
    expect(redactUrl('https://feeds.example/rss?api_key=k&sig=s')).toBe('https://feeds.example/rss?api_key=***&sig=***');
    expect(redactUrl('https://feeds.example/rss?page=2')).toBe('https://feeds.example/rss?page=2');
    expect(redactUrl('sqlite://data/newsbrief.sqlite')).toBe('sqlite://data/newsbrief.sqlite');
  });

  it('redacts every URL inside a line of text', () => {
    expect(redactUrls('2 failed (https://u:pw@a.example/rss: HTTP 404; Feed B: timeout)')).toBe('2 failed (https://u:***@a.example/rss: HTTP 404; Feed B: timeout)');
  });
});

describe('logs', () => {
  it('carry no URL credentials, in fields, errors or the message', () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (s: string) => void lines.push(s) });
    log.warn({ feed: 'https://reader:s3cr3t@feeds.example/rss', nested: { store: 'postgres://u:p@ss@db/x' } }, 'polling https://x.example/rss?token=s3cr3t failed');
    log.error({ err: new Error('fetch https://reader:s3cr3t@feeds.example/rss failed') }, 'feed failed');
    expect(lines).toHaveLength(2);
    expect(lines.join('\n')).not.toMatch(/s3cr3t|p@ss/);
    expect(lines[0]).toContain('reader:***@feeds.example');
    expect(lines[1]).toContain('fetch https://reader:***@feeds.example/rss failed');
  });
});
