import { describe, expect, it } from 'vitest';
import { cleanHeadline } from '../../src/feeds/headline.ts';

describe('cleanHeadline', () => {
  it('removes site suffixes and keeps the headline\'s own quote marks and dashes', () => {
    expect(cleanHeadline('Rates rise again - BBC News')).toBe('Rates rise again');
    expect(cleanHeadline('Minister says ‘no deal’ is off the table | Reuters')).toBe('Minister says ‘no deal’ is off the table');
    expect(cleanHeadline('Biden-Putin talks - what we know')).toBe('Biden-Putin talks - what we know');
    expect(cleanHeadline('Storm hits coast — and the worst is yet to come')).toBe('Storm hits coast — and the worst is yet to come');
  });

  it('removes section and site names however many, and kicker labels before a pipe', () => {
    expect(cleanHeadline('The Guardian view on Hong Kong: a city on the brink | Editorial | Opinion | The Guardian', ['The Guardian'])).toBe('The Guardian view on Hong Kong: a city on the brink');
    expect(cleanHeadline('Opinion | Republicans Are Following Trump to Nowhere')).toBe('Republicans Are Following Trump to Nowhere');
    expect(cleanHeadline('Germany′s colonial past | Germany | News and in-depth reporting from Berlin and beyond | DW | 19.01.2020', ['DW'])).toBe('Germany′s colonial past');
  });

  it('knows the site by the names it is given, on either end', () => {
    expect(cleanHeadline('Harbour Wire - Dockworkers walk out at three ports', ['Harbour Wire'])).toBe('Dockworkers walk out at three ports');
    expect(cleanHeadline('Dockworkers walk out at three ports - harbourwire.example', ['harbourwire.example'])).toBe('Dockworkers walk out at three ports');
  });

  it('removes site names in other scripts and languages', () => {
    expect(cleanHeadline('梁振英就僭建风波道歉_国际新闻_新浪网')).toBe('梁振英就僭建风波道歉');
    expect(cleanHeadline('電気・ガス補助を再開（共同通信）', ['共同通信'])).toBe('電気・ガス補助を再開');
    expect(cleanHeadline('Streik legt Häfen lahm | Süddeutsche Zeitung')).toBe('Streik legt Häfen lahm');
  });

  it('recognises sites it was not told of: domains, mastheads in capitals, CJK names', () => {
    expect(cleanHeadline('Nadal keeps Spain alive in Davis Cup Finals - Sportsnet.ca')).toBe('Nadal keeps Spain alive in Davis Cup Finals');
    expect(cleanHeadline('Ein Albtraum - DER SPIEGEL 52/2018')).toBe('Ein Albtraum');
    expect(cleanHeadline('港特首梁振英就住宅违建事件道歉 - BBC中文网 - 两岸三地')).toBe('港特首梁振英就住宅违建事件道歉');
  });

  it('never leaves the site name alone as the headline', () => {
    expect(cleanHeadline('BBC News | Home', ['BBC News'])).not.toBe('');
    expect(cleanHeadline('Editorial')).toBe('Editorial');
  });
});
