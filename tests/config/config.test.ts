import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, mergeConfig } from '../../src/config/index.ts';

function writeConfig(value: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'nb-config-'));
  const path = join(dir, 'config.json');
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('ships valid defaults with feeds in every starter section and the starter topics', () => {
    const c = loadConfig();
    expect(c.feeds.length).toBeGreaterThanOrEqual(10);
    for (const f of c.feeds) expect(f.url).toMatch(/^https:\/\//);
    const topics = c.topics.map((t) => t.name);
    for (const t of ['world', 'politics', 'business', 'technology', 'science', 'climate', 'ukraine']) expect(topics).toContain(t);
    expect(c.store).toEqual({ url: 'sqlite://data/newsbrief.sqlite', retention: { briefsDays: 365, deliveriesDays: 30, seenDays: 30, failedJobsDays: 30 } });
  });

  it('merges a user config over the defaults: objects merge, lists replace', () => {
    const path = writeConfig({ schedule: { poll: '*/5 * * * *' }, feeds: [{ url: 'http://127.0.0.1:1/feed.xml' }] });
    const c = loadConfig(path);
    expect(c.schedule.poll).toBe('*/5 * * * *');
    expect(c.schedule.timezone).toBe('UTC');
    expect(c.feeds).toEqual([{ url: 'http://127.0.0.1:1/feed.xml' }]);
    expect(mergeConfig({ a: { b: 1, c: 2 } }, { a: { c: 3 } })).toEqual({ a: { b: 1, c: 3 } });
  });

  it('CLI overrides replace feeds and store', () => {
    const c = loadConfig(undefined, { feeds: ['http://127.0.0.1:9/a.xml'], store: 'sqlite://:memory:' });
    expect(c.feeds).toEqual([{ url: 'http://127.0.0.1:9/a.xml' }]);
    expect(c.store.url).toBe('sqlite://:memory:');
  });

  it('reports each bad field with its path and the expected form', () => {
    const path = writeConfig({
      schedule: { poll: 'every hour', timezone: 'Mars/Olympus' },
      fetch: { timeoutMs: 'ten' },
      topics: [{ name: 'World News', keywords: [] }],
      colour: 'blue',
    });
    const problems = problemsOf(() => loadConfig(path));
    const text = problems.join('\n');
    expect(text).toMatch(/schedule\.poll: expected a cron expression/);
    expect(text).toMatch(/schedule\.timezone: expected an IANA time zone/);
    expect(text).toMatch(/fetch\.timeoutMs: expected number/);
    expect(text).toMatch(/topics\[0\]\.name: expected a lower-case name/);
    expect(text).toMatch(/topics\[0\]\.keywords: expected at least one keyword/);
    expect(text).toMatch(/unknown field\(s\) "colour"/);
  });

  it('takes topic keywords as one list or per language, and excluded words, with clear messages', () => {
    const ok = loadConfig(writeConfig({ topics: [{ name: 'rail', keywords: { de: ['Bahn'], fr: ['SNCF'], '*': ['ICE'] }, exclude: ['model railway'] }] }));
    expect(ok.topics[0]).toEqual({ name: 'rail', keywords: { de: ['Bahn'], fr: ['SNCF'], '*': ['ICE'] }, exclude: ['model railway'] });
    const text = problemsOf(() =>
      loadConfig(writeConfig({
        topics: [
          { name: 'a', keywords: { German: ['Bahn'] } },
          { name: 'b', keywords: { de: [] } },
          { name: 'c', keywords: 'rail' },
          { name: 'd', keywords: ['rail', ''], exclude: { fr: 'train' } },
        ],
      })),
    ).join('\n');
    expect(text).toMatch(/topics\[0\]\.keywords\.German: "German" is not a language: use a lower-case BCP 47 primary tag/);
    expect(text).toMatch(/topics\[1\]\.keywords\.de: expected at least one keyword/);
    expect(text).toMatch(/topics\[2\]\.keywords: expected a list of keywords \(\["…"\]\) for every language, or lists per language/);
    expect(text).toMatch(/topics\[3\]\.keywords\[1\]: expected a non-empty keyword/);
    expect(text).toMatch(/topics\[3\]\.exclude\.fr: expected a list of excluded words/);
  });

  it('rejects bad feed URLs, unreadable files and broken JSON clearly', () => {
    expect(problemsOf(() => loadConfig(undefined, { feeds: ['ftp://example.org/feed'] })).join()).toMatch(/"ftp:\/\/example.org\/feed" is not an absolute http\(s\) URL/);
    expect(problemsOf(() => loadConfig(writeConfig({ feeds: [{ url: 'not a url' }] }))).join()).toMatch(/feeds\[0\]\.url: expected an absolute http/);
    expect(problemsOf(() => loadConfig('/nonexistent/newsbrief.json')).join()).toMatch(/cannot read the file \(ENOENT\)/);
    expect(problemsOf(() => loadConfig(writeConfig('{"feeds": [')) ).join()).toMatch(/not valid JSON/);
  });
});
