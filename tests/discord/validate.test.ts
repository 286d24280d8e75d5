import { describe, expect, it } from 'vitest';
import { PermissionFlagsBits } from 'discord.js';
import { BOT_PERMISSIONS, permissionProblem } from '../../src/discord/permissions.ts';
import { localDate, zonedInstant } from '../../src/delivery/time.ts';
import {
  parseDateOption,
  parseDays,
  parseFeedUrl,
  parseKeywords,
  parseTime,
  parseTimeZone,
  parseTopicName,
  timeZoneChoices,
} from '../../src/discord/validate.ts';

describe('option validation', () => {
  it('accepts HH:MM times and explains bad ones', () => {
    expect(parseTime('8:05')).toEqual({ ok: true, value: '08:05' });
    expect(parseTime('23:59')).toEqual({ ok: true, value: '23:59' });
    for (const bad of ['24:00', '12:60', 'noon', '1230']) {
      const r = parseTime(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/HH:MM/);
    }
  });

  it('accepts IANA time zones only', () => {
    expect(parseTimeZone('Europe/Berlin')).toEqual({ ok: true, value: 'Europe/Berlin' });
    expect(parseTimeZone('Mars/Olympus').ok).toBe(false);
    const choices = timeZoneChoices('berl');
    expect(choices).toContain('Europe/Berlin');
    expect(timeZoneChoices('')).toHaveLength(25);
    expect(timeZoneChoices('')[0]).toBe('UTC');
  });

  it('reads today and yesterday in the given time zone', () => {
    const now = new Date('2024-03-01T23:30:00Z');
    expect(parseDateOption('today', 'UTC', now)).toEqual({ ok: true, value: '2024-03-01' });
    expect(parseDateOption('today', 'Asia/Tokyo', now)).toEqual({ ok: true, value: '2024-03-02' });
    expect(parseDateOption('yesterday', 'Asia/Tokyo', now)).toEqual({ ok: true, value: '2024-03-01' });
    expect(parseDateOption('yesterday', 'UTC', new Date('2024-03-01T05:00:00Z'))).toEqual({ ok: true, value: '2024-02-29' });
    expect(parseDateOption('2024-02-30', 'UTC', now).ok).toBe(false);
    expect(parseDateOption('March 1', 'UTC', now).ok).toBe(false);
  });

  it('finds the instant of a local wall-clock time, across DST', () => {
    expect(zonedInstant('2024-07-01', '08:00', 'Europe/Berlin').toISOString()).toBe('2024-07-01T06:00:00.000Z');
    expect(zonedInstant('2024-01-01', '08:00', 'Europe/Berlin').toISOString()).toBe('2024-01-01T07:00:00.000Z');
    expect(zonedInstant('2024-03-10', '09:30', 'America/New_York').toISOString()).toBe('2024-03-10T13:30:00.000Z');
    expect(localDate(new Date('2024-07-01T23:00:00Z'), 'Europe/Berlin')).toBe('2024-07-02');
  });

  it('checks topic names, keywords, days and feed URLs', () => {
    expect(parseTopicName(' Space-Launches ')).toEqual({ ok: true, value: 'space-launches' });
    expect(parseTopicName('no spaces').ok).toBe(false);
    expect(parseKeywords('rocket, launch , rocket,SpaceX')).toEqual({ ok: true, value: ['rocket', 'launch', 'SpaceX'] });
    expect(parseKeywords(' , ').ok).toBe(false);
    expect(parseDays(undefined)).toEqual({ ok: true, value: 7 });
    expect(parseDays(0).ok).toBe(false);
    expect(parseDays(31).ok).toBe(false);
    expect(parseFeedUrl('https://example.org/rss#x')).toEqual({ ok: true, value: 'https://example.org/rss' });
    expect(parseFeedUrl('ftp://example.org/rss').ok).toBe(false);
    expect(parseFeedUrl('https://u:p@example.org/').ok).toBe(false);
    expect(parseFeedUrl('not a url').ok).toBe(false);
  });
});

describe('permission decisions', () => {
  it('requires the permission or Administrator', () => {
    expect(permissionProblem(PermissionFlagsBits.ManageGuild, 'ManageGuild')).toBeNull();
    expect(permissionProblem(PermissionFlagsBits.Administrator, 'ManageGuild')).toBeNull();
    expect(permissionProblem(PermissionFlagsBits.ManageChannels, 'ManageGuild')).toMatch(/Manage Server/);
    expect(permissionProblem(0n, 'ManageChannels')).toMatch(/Manage Channels/);
    expect(permissionProblem(null, 'ManageChannels')).toMatch(/server/);
  });

  it('asks for exactly the permissions the bot needs', () => {
    expect(BOT_PERMISSIONS.toString()).toBe('309237730304');
  });
});
