// Context is background a reader needs: history, figures, causes; never a quotation, a
// standfirst or caption, copyright lines, or the summary again. The wording is invented.
import { describe, expect, it } from 'vitest';
import { condense } from '../../src/brief/index.ts';
import type { Article } from '../../src/feeds/types.ts';
import { backgroundScore } from '../../src/brief/context.ts';
import { termsOf } from '../../src/brief/terms.ts';

const article = (title: string, paragraphs: string[]): Article => ({
  id: 'a1', feedUrl: '', source: 'Test', title, link: 'https://example.test/a', published: null, author: null,
  categories: [], body: paragraphs.map((text) => ({ kind: 'paragraph', text })), bodySource: 'feed', contentHash: 'h', lang: null,
});

const LEAD = 'The harbour council voted on Tuesday to close the port of Elmstead after a storm damaged its sea wall.';
const NEWS = [
  'Engineers inspected the sea wall of the harbour on Wednesday morning.',
  'Ferry passengers were sent to the port of Calder along the coast.',
  'Fishermen moved their boats from the harbour to moorings further up the river.',
  '"We will rebuild the harbour wall as fast as we can," said the council leader, Ann Cole.',
  'Shops near the harbour put up boards against the wind on the seafront.',
  'The council will meet the harbour users again next week to plan the repairs.',
  'Volunteers cleared stones from the harbour road through the afternoon.',
];
const BACKGROUND = 'The sea wall of the harbour was built in 1887 and protects 2,400 homes, which have flooded three times since 1953.';

describe('context', () => {
  it('finds a background sentence of figures and history further down the article', () => {
    const b = condense(article('Elmstead harbour closes after storm wrecks sea wall', [LEAD, ...NEWS, BACKGROUND]));
    expect(b.summary).toBe(LEAD);
    expect(b.context).toContain(BACKGROUND);
    expect(b.context.length).toBeLessThanOrEqual(4);
  });

  it('keeps article order and never holds a quotation or the summary', () => {
    const paragraphs = [LEAD, ...NEWS, BACKGROUND];
    const b = condense(article('Elmstead harbour closes after storm wrecks sea wall', paragraphs));
    const order = b.context.map((c) => paragraphs.indexOf(c));
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(b.context).not.toContain(LEAD);
    for (const c of b.context) expect(c).not.toMatch(/["“”]/);
  });

  it('never takes a sentence of a standfirst', () => {
    const standfirst = 'Storm damage to the sea wall of the harbour shuts the port, and the town faces months of disruption to its harbour';
    const b = condense(article('Elmstead harbour closes after storm wrecks sea wall', [standfirst, LEAD, ...NEWS, BACKGROUND]));
    expect(b.summary).toBe(LEAD);
    expect(b.context.length).toBeGreaterThan(0);
    expect(b.context).not.toContain(standfirst);
  });

  it('never takes a copyright line', () => {
    const b = condense(article('Elmstead harbour closes after storm wrecks sea wall', [LEAD, ...NEWS, 'The contents of this site are ©2024 Example Harbour Publishing Ltd., a subsidiary of Example Group.']));
    for (const c of b.context) expect(c).not.toContain('©');
  });
});

describe('backgroundScore', () => {
  const score = (text: string) => backgroundScore({ text, tokens: termsOf(text).tokens });
  it('counts years, cue words and the phrases that mark background, at most three', () => {
    expect(score('The council met on Monday.')).toEqual({ cues: 0, figure: false });
    expect(score('The dam has already claimed the valley, as it had previously been planned.')).toEqual({ cues: 3, figure: false });
    expect(score('Talks have stalled since 1998.')).toEqual({ cues: 1, figure: false });
    expect(score('Prices rose since then.')).toEqual({ cues: 1, figure: false });
    expect(score('The treaty was signed last year, for the first time in decades.')).toEqual({ cues: 3, figure: false });
    expect(score('Some 530 hectares burned.')).toEqual({ cues: 0, figure: true });
    expect(score('Turnout fell 4 per cent, down 12% from 2019, due to the storm, for weeks, in 2020.')).toEqual({ cues: 3, figure: true });
    expect(score('It was the long-running dispute that made the ongoing talks hard.')).toEqual({ cues: 2, figure: false });
  });
});
