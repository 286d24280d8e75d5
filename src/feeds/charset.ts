// Character-set detection and decoding for feed and page bodies. Pure: bytes in, text out.
//
// rss-parser only understands Node's built-in encodings and only from the HTTP header, so
// bodies are decoded here first. Order of evidence: byte-order mark, then the HTTP
// Content-Type charset, then the XML prolog / HTML <meta>, then the shape of the first bytes
// (UTF-16/32 without BOM), else UTF-8. A declared charset that the bytes contradict (not valid
// UTF-8 although declared so) falls back to the next piece of evidence, and finally to
// windows-1252, which decodes every byte: a known charset never turns text into U+FFFD. Bytes
// that are overwhelmingly valid UTF-8 with a stray bad byte stay UTF-8 (the bad byte becomes
// U+FFFD) instead of turning every other character into mojibake.
import iconv from 'iconv-lite';

export type CharsetSource = 'bom' | 'header' | 'prolog' | 'meta' | 'sniffed' | 'default' | 'fallback';

export interface Decoded {
  text: string;
  /** Name of the charset actually used, as iconv-lite knows it. */
  charset: string;
  source: CharsetSource;
}

// Labels that name a subset of a charset with a wider, compatible decoder. Legacy servers
// label windows-1252 text as iso-8859-1/us-ascii (browsers decode them as 1252 too), and GB2312
// text often contains GBK/GB18030 characters.
const WIDER: Record<string, string> = {
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'l1': 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'ansi_x3.4-1968': 'windows-1252',
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  'gb_2312-80': 'gb18030',
  'ks_c_5601-1987': 'euc-kr',
  'x-sjis': 'shift_jis',
  'utf8': 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  // UTF-16 without an order mark: the BOM sniffing picks the order when there is one.
  'utf-16': 'utf-16le',
  'utf-32': 'utf-32le',
};

/** Canonical decoder name for a declared charset label, or null when iconv-lite does not know it. */
export function normalizeCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  const cleaned = label.trim().replace(/^["']|["']$/g, '').trim().toLowerCase();
  if (!cleaned) return null;
  const name = WIDER[cleaned] ?? cleaned;
  return iconv.encodingExists(name) ? name : null;
}

/** The charset parameter of a Content-Type header value (tolerates spaces and quotes). */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*("?)([^";,\s]+)\1/i.exec(contentType);
  return m?.[2] ?? null;
}

interface Bom { charset: string; length: number }

export function sniffBom(bytes: Uint8Array): Bom | null {
  const [a, b, c, d] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { charset: 'utf-8', length: 3 };
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return { charset: 'utf-32le', length: 4 };
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return { charset: 'utf-32be', length: 4 };
  if (a === 0xff && b === 0xfe) return { charset: 'utf-16le', length: 2 };
  if (a === 0xfe && b === 0xff) return { charset: 'utf-16be', length: 2 };
  return null;
}

/** UTF-16/32 without a BOM, recognised by the zero bytes around the first '<'. */
function sniffWideForm(bytes: Uint8Array): string | null {
  const [a, b, c, d] = bytes;
  if (a === 0x3c && b === 0 && c === 0 && d === 0) return 'utf-32le';
  if (a === 0 && b === 0 && c === 0 && d === 0x3c) return 'utf-32be';
  if (a === 0x3c && b === 0 && c !== 0) return 'utf-16le';
  if (a === 0 && b === 0x3c && d !== 0) return 'utf-16be';
  return null;
}

/** Charset named by `<?xml ... encoding="..."?>` or an HTML `<meta>` in the first bytes. */
export function sniffDeclaredCharset(bytes: Uint8Array): { label: string; source: 'prolog' | 'meta' } | null {
  // Declarations are ASCII by rule; latin1 maps each byte to one char, so offsets stay honest.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString('latin1');
  const prolog = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (prolog?.[1]) return { label: prolog[1], source: 'prolog' };
  const meta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head);
  if (meta?.[1]) return { label: meta[1], source: 'meta' };
  return null;
}

function decodeWith(bytes: Uint8Array, charset: string): string {
  if (charset === 'windows-1252') return decodeWindows1252(bytes);
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset, { stripBOM: true });
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Whether decoding with this charset loses nothing (multi-byte charsets can hit invalid sequences). */
function decodesCleanly(bytes: Uint8Array, charset: string): string | null {
  if (charset === 'utf-8') {
    // One pass: the fatal decoder both validates and decodes (the common case by far).
    try {
      return fatalUtf8.decode(bytes);
    } catch {
      return null;
    }
  }
  const text = decodeWith(bytes, charset);
  return text.includes('\uFFFD') ? null : text;
}

/**
 * Decodes a body to text. `contentType` is the HTTP Content-Type header when the body came
 * over HTTP (its charset outranks the document's own declaration, per RFC 7303).
 */
export function decodeBody(bytes: Uint8Array, contentType?: string | null): Decoded {
  const bom = sniffBom(bytes);
  if (bom) {
    return { text: decodeWith(bytes.subarray(bom.length), bom.charset), charset: bom.charset, source: 'bom' };
  }
  const wide = sniffWideForm(bytes);
  const candidates: { charset: string; source: CharsetSource }[] = [];
  const header = normalizeCharset(charsetFromContentType(contentType));
  // A header claiming an 8-bit charset for a UTF-16/32 body is wrong in a way the bytes prove.
  if (header && !(wide && !header.startsWith('utf-16') && !header.startsWith('utf-32'))) {
    candidates.push({ charset: header, source: 'header' });
  }
  if (wide) candidates.push({ charset: wide, source: 'sniffed' });
  const declared = sniffDeclaredCharset(bytes);
  const declaredName = normalizeCharset(declared?.label);
  // An 8-bit document cannot truly be UTF-16 whatever its prolog says (the prolog was readable).
  if (declared && declaredName && !(!wide && /^utf-(16|32)/.test(declaredName))) {
    candidates.push({ charset: declaredName, source: declared.source });
  }
  candidates.push({ charset: 'utf-8', source: 'default' });
  for (const c of candidates) {
    const text = decodesCleanly(bytes, c.charset);
    if (text !== null) return { text, charset: c.charset, source: c.source };
  }
  // Nothing fits cleanly. Prefer the first explicit claim (a few bad bytes in a declared
  // multi-byte charset are better shown as U+FFFD than the whole text as mojibake) unless that
  // claim was UTF-8, whose failure is best explained by legacy 8-bit text.
  const first = candidates[0]!;
  if (first.charset !== 'utf-8' && first.source !== 'default') {
    return { text: decodeWith(bytes, first.charset), charset: first.charset, source: first.source };
  }
  const utf8 = candidates.find((c) => c.charset === 'utf-8')!;
  if (mostlyUtf8(bytes)) return { text: new TextDecoder('utf-8').decode(bytes), charset: 'utf-8', source: utf8.source };
  return { text: decodeWindows1252(bytes), charset: 'windows-1252', source: 'fallback' };
}

/**
 * Whether bytes that are not valid UTF-8 still are UTF-8 with a few bad bytes: their well-formed
 * multi-byte sequences outnumber the malformed ones at least four to one. Legacy 8-bit text almost
 * never forms a well-formed sequence (an accented letter followed by one or more bytes 0x80-0xBF).
 */
export function mostlyUtf8(bytes: Uint8Array): boolean {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const n = utf8SequenceLength(bytes, i);
    if (n) {
      valid++;
      i += n;
    } else {
      invalid++;
      i++;
    }
  }
  return valid > 0 && valid >= invalid * 4;
}

/** Length of the well-formed UTF-8 sequence starting at `i` (RFC 3629: no overlongs, no surrogates), or 0. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => {
    const c = bytes[i + k];
    return c !== undefined && c >= lo && c <= hi;
  };
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if (b === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b >= 0xe1 && b <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  if (b >= 0xf1 && b <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

// windows-1252 as browsers decode it (WHATWG): the five bytes it leaves undefined (0x81, 0x8D,
// 0x8F, 0x90, 0x9D) map to the code points of the same value, so no byte is ever lost.
let cp1252Table: Uint16Array | undefined;
function decodeWindows1252(bytes: Uint8Array): string {
  if (!cp1252Table) {
    cp1252Table = new Uint16Array(256);
    for (let b = 0; b < 256; b++) {
      const c = iconv.decode(Buffer.from([b]), 'windows-1252');
      cp1252Table[b] = c === '\uFFFD' ? b : c.charCodeAt(0);
    }
  }
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) units[i] = cp1252Table[bytes[i]!]!;
  return Buffer.from(units.buffer, units.byteOffset, units.byteLength).toString('utf16le');
}
