// Front door of feed ingestion. The rest of the app imports from here only.
//
//   pollFeeds(sources, states, options)  -> PollResult[]  (never rejects)
//   pollFeed(source, state, options)     -> PollResult    (never rejects)
//   parseFeed(text, feedUrl)             -> { title, articles }  (pure; throws FeedParseError)
//   isDue(state, now)                    -> whether to poll now (backoff / Retry-After / unhealthy)
export type { Article, Block, FeedSource } from './types.ts';
export type { FeedState } from './state.ts';
export { initialState } from './state.ts';
export type { FetchOptions, FetchResponse, FetchRequest, FetchErrorKind } from './http.ts';
export { defaultFetchOptions, fetchUrl, FetchError, USER_AGENT } from './http.ts';
export type { PollResult, PollOptions, PollManyOptions } from './poller.ts';
export { pollFeed, pollFeeds, describeFailure } from './poller.ts';
export type { ParsedFeed, ParseOptions, FeedFormat } from './parse.ts';
export { parseFeed, FeedParseError } from './parse.ts';
export { isDue, spreadDelay, backoffDelay, parseRetryAfter, UNHEALTHY_AFTER, BACKOFF_CAP_MS } from './schedule.ts';
export type { FullTextOptions } from './fulltext.ts';
export { enrichWithFullText, extractReadable } from './fulltext.ts';
export type { AddressGuard, ResolvedAddress, Resolver } from './guard.ts';
export { blockedReason } from './guard.ts';
export { decodeBody } from './charset.ts';
export { articleFromHtml, fetchArticlePage } from './page.ts';
export { parseArticleText } from './article-file.ts';
export { cleanHeadline } from './headline.ts';
export { stripControls, cleanFeedText } from './control-chars.ts';
export { articleId, canonicalLink, identityKeys, resolveArticleId, type IdentityLookup, type KnownItem } from './article-id.ts';
export { bodyText, bodyWords } from './article-body.ts';
export { htmlToBlocks, htmlToInline } from './html-to-text.ts';
export { primaryLanguage } from './declared-language.ts';
