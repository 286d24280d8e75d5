// Credentials in URLs (store URLs, operator feed URLs) are never printed or logged.

// Query parameters that carry a secret, whatever the service calls it.
const SECRET_PARAM = /^(pass(word|wd)?|pwd|secret|client_secret|token|access_token|refresh_token|private_token|auth|api[-_]?key|key|sig|signature)$/i;

/**
 * The URL with its password (or a lone user part, often a token) and secret query parameters
 * replaced by `***`. The user info runs to the last `@` before the path, so a password holding an
 * unencoded `@` is hidden whole.
 */
export function redactUrl(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is.exec(url);
  if (!m) return url;
  let authority = m[2]!;
  const at = authority.lastIndexOf('@');
  if (at >= 0) {
    const info = authority.slice(0, at);
    const colon = info.indexOf(':');
    authority = `${colon >= 0 ? `${info.slice(0, colon)}:***` : '***'}${authority.slice(at)}`;
  }
  const rest = m[3]!.replace(/([?&;])([^=&;#]+)=([^&;#]*)/g, (all, sep: string, name: string) => (SECRET_PARAM.test(decodeName(name)) ? `${sep}${name}=***` : all));
  return `${m[1]}${authority}${rest}`;
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

// A URL inside running text ends at whitespace, a quote or an angle bracket.
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s<>"'`]+/gi;

/** Every URL in a line of text (a progress line, an error message) redacted as by `redactUrl`. */
export function redactUrls(text: string): string {
  return text.replace(URL_IN_TEXT, (url) => {
    // "…/rss: HTTP 404": a trailing colon or closing punctuation belongs to the sentence.
    const tail = /[:;,.)\]]+$/.exec(url)?.[0] ?? '';
    return redactUrl(url.slice(0, url.length - tail.length)) + tail;
  });
}
