import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { charsetFromContentType, decodeBody, normalizeCharset } from '../../src/feeds/charset.ts';
import { fixture } from './helpers.ts';

describe('charset', () => {
  it('reads the charset parameter however it is spelled', () => {
    expect(charsetFromContentType('text/xml; charset=UTF-8')).toBe('UTF-8');
    expect(charsetFromContentType('text/xml;charset = "windows-1251"')).toBe('windows-1251');
    expect(charsetFromContentType('application/rss+xml')).toBeNull();
  });

  it('maps legacy labels to wider decoders and rejects unknown ones', () => {
    expect(normalizeCharset('GB2312')).toBe('gb18030');
    expect(normalizeCharset('ISO-8859-1')).toBe('windows-1252');
    expect(normalizeCharset('x-bogus-charset')).toBeNull();
  });

  it.each([
    ['cp1251.xml', undefined, 'windows-1251', 'Новости дня'],
    ['shiftjis.xml', undefined, 'shift_jis', '日本のニュース'],
    ['gb2312.xml', undefined, 'gb18030', '镕基'],
    ['utf16le-bom.xml', undefined, 'utf-16le', 'UTF-16 Feed Ω'],
    ['utf8-bom-leading-space.xml', undefined, 'utf-8', 'BOM Feed — ok'],
    ['latin1-noprolog.xml', 'text/xml; charset=iso-8859-1', 'windows-1252', 'Naïve résumé'],
    ['rss091.xml', undefined, 'windows-1252', 'Crème brûlée'],
  ])('decodes %s without replacement characters', (name, contentType, charset, expected) => {
    const decoded = decodeBody(fixture(name), contentType);
    expect(decoded.charset).toBe(charset);
    expect(decoded.text).toContain(expected);
    expect(decoded.text).not.toContain('\uFFFD');
    expect(decoded.text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('lets the HTTP header outrank the XML prolog', () => {
    const bytes = iconv.encode('<?xml version="1.0" encoding="iso-8859-1"?><rss><channel><title>Привет</title></channel></rss>', 'koi8-r');
    expect(decodeBody(bytes, 'text/xml; charset=koi8-r').text).toContain('Привет');
  });

  it('falls back when a declared UTF-8 body is really 8-bit', () => {
    const bytes = Buffer.from('<rss><channel><title>caf\xe9</title></channel></rss>', 'latin1');
    const decoded = decodeBody(bytes, 'text/xml; charset=utf-8');
    expect(decoded.text).toContain('café');
    expect(decoded.source).toBe('fallback');
  });

  it('recognises UTF-16 without a BOM by its zero bytes', () => {
    const bytes = iconv.encode('<?xml version="1.0" encoding="utf-16"?><rss/>', 'utf-16be');
    expect(decodeBody(bytes).text.startsWith('<?xml')).toBe(true);
  });

  it('ignores a bogus declared charset', () => {
    const bytes = Buffer.from('<?xml version="1.0" encoding="x-no-such"?><rss/>');
    expect(decodeBody(bytes).charset).toBe('utf-8');
  });

  it('reads a UTF-8 body with one bad byte as UTF-8, the bad byte alone replaced', () => {
    const text = '<rss><channel><title>Crème brûlée à Zürich — “café” naïve</title><item><title>Ελλάδα и Россия 日本</title></item></channel></rss>';
    const good = Buffer.from(text, 'utf8');
    const at = good.indexOf('Zürich');
    const bytes = Buffer.concat([good.subarray(0, at), Buffer.from([0xff]), good.subarray(at)]);
    for (const contentType of ['text/xml; charset=utf-8', undefined]) {
      const decoded = decodeBody(bytes, contentType);
      expect(decoded.charset).toBe('utf-8');
      expect(decoded.text).toBe(text.replace('Zürich', '\uFFFDZürich'));
    }
  });

  it('falls back to windows-1252, not latin1, even with the five bytes windows-1252 leaves undefined', () => {
    // 0x93/0x94 are curly quotes and 0x80 the euro sign in windows-1252 (C1 controls in latin1); 0x81 is undefined.
    const bytes = Buffer.from([...Buffer.from('<rss><channel><title>'), 0x93, ...Buffer.from('Caf'), 0xe9, 0x94, 0x20, 0x80, 0x35, 0x81, ...Buffer.from('</title></channel></rss>')]);
    for (const contentType of ['text/xml; charset=utf-8', 'text/xml; charset=iso-8859-1', undefined]) {
      const decoded = decodeBody(bytes, contentType);
      expect(decoded.charset).toBe('windows-1252');
      expect(decoded.text).toContain('“Café” €5');
      expect(decoded.text).not.toContain('\uFFFD');
    }
  });
});
