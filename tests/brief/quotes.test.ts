import { describe, expect, it } from 'vitest';
import { findQuoteSpans, tidyQuoteText } from '../../src/brief/quotes.ts';

const texts = (p: string): string[] => findQuoteSpans(p).map((s) => tidyQuoteText(p.slice(s.textStart, s.textEnd)));

describe('findQuoteSpans', () => {
  it('finds straight and curly double quotes', () => {
    expect(texts('"We will win," she said. He replied: “Not this year.”')).toEqual(['We will win', 'Not this year.']);
  });

  it('pairs a closing mark typed as an opening one', () => {
    expect(texts('“Problems are rising “Sergei Ryabkov stated.')).toEqual(['Problems are rising']);
  });

  it('runs an unclosed quotation to the end of the paragraph', () => {
    const spans = findQuoteSpans('He said: “This goes on and on');
    expect(spans).toHaveLength(1);
    expect(spans[0]!.closed).toBe(false);
  });

  it('reads British single quotes but leaves apostrophes and possessives alone', () => {
    expect(texts("‘We couldn’t have asked for more,’ said the manager.")).toEqual(['We couldn’t have asked for more']);
    expect(texts("'The passengers' bags were all lost,' she said.")).toEqual(["The passengers' bags were all lost"]);
    expect(texts("The players' union isn't happy.")).toEqual([]);
  });

  it('reads guillemets and doubled apostrophes', () => {
    expect(texts('Il a dit « nous partons demain » hier.')).toEqual(['nous partons demain']);
    expect(texts("He said ''this is over'' today.")).toEqual(['this is over']);
  });

  it('keeps a nested quotation inside its outer one', () => {
    expect(texts("‘He told me “never again” and left,’ she said.")).toEqual(['He told me “never again” and left']);
  });
});

describe('single quotes ending in s', () => {
  it('closes at a possessive-looking mark when another quotation opens after it', () => {
    expect(texts("He urged 'hard-working Cornish farmers' to back his plan. He said: 'People will decide.'")).toEqual(['hard-working Cornish farmers', 'People will decide.']);
  });
});
