import { sql, type Expression, type SqlBool } from 'kysely';
import type { Brief, Quote } from '../brief/index.ts';
import type { BriefsTable, Db, Dialect, SqlContext } from './db.ts';
import { chunks, ftsQuery, inTransaction } from './sql.ts';

/** A brief as stored: the brief plus what the pipeline and `/feeds why` need to know about it. */
export interface StoredBrief {
  brief: Brief;
  /** When newsbrief first stored it (ISO). Deliveries and digests are ordered by this. */
  createdAt: string;
  /** When it was last changed by an update of its article or a merged duplicate (ISO). */
  updatedAt: string;
  /** Every feed and article that contributed (several when the same story came from several feeds). */
  feedUrls: string[];
  articleIds: string[];
  /** Hash of the article text it was made from, to notice a later update of the story. */
  contentHash: string;
}

/** A position in the newest-first order of briefs: keyset pages start after (or before) one. */
export interface BriefCursor {
  createdAt: string;
  id: string;
}

export interface BriefFilter {
  /** A configured topic (the topics the pipeline stored with the brief). */
  topic?: string;
  /** YYYY-MM-DD: only briefs dated (or, lacking a date, stored) that day. */
  date?: string;
  /** Words that must all occur in the brief (each as a word or the start of one). */
  search?: string;
  /** Only briefs stored at or after this instant (ISO). */
  since?: string;
  /** Only briefs stored at or before this instant (ISO). */
  until?: string;
  /** Briefs whose every feed is one of these are left out (feeds other servers added; see `feedScope`). */
  hiddenFeeds?: readonly string[];
}

export interface BriefPageQuery extends BriefFilter {
  /** Briefs older than this position (the Next page); without it, the newest. */
  after?: BriefCursor;
  /** Briefs newer than this position (the Previous page), still returned newest first. */
  before?: BriefCursor;
  limit: number;
}

export interface QuoteHit {
  quote: Quote;
  briefId: string;
  headline: string;
  link: string;
  /** The brief's date, or its creation day. */
  day: string;
  createdAt: string;
}

export interface QuoteQuery {
  /** Quotes of briefs stored at or after this instant (ISO). */
  since: string;
  /** Words of the speaker's name (each as a word or the start of one). */
  speaker?: string;
  topic?: string;
  hiddenFeeds?: readonly string[];
  limit: number;
}

/** The archive of briefs, with their topics, feeds and quotes indexed for the commands. */
export interface BriefRepository {
  get(id: string): Promise<StoredBrief | undefined>;
  /** Saves a brief (with its topics, feeds, quotes and search words, in one transaction); true when it is new. */
  save(record: StoredBrief): Promise<boolean>;
  /** Saves many briefs in few statements (moving an old store over, benchmarks); returns how many were new. */
  saveMany(records: readonly StoredBrief[]): Promise<number>;
  /** One keyset page, newest first (creation time, then id). */
  page(q: BriefPageQuery): Promise<StoredBrief[]>;
  /** Briefs changed (stored or updated) at or after `since`, oldest change first, at most `limit`. */
  changedSince(since: string, limit: number, after?: BriefCursor): Promise<StoredBrief[]>;
  /** How many briefs match, counting at most `cap`. */
  count(q: BriefFilter, cap: number): Promise<number>;
  /** Quotes newest brief first, in each brief's order, at most `limit`. */
  quotes(q: QuoteQuery): Promise<QuoteHit[]>;
  /** How many quotes match, counting at most `cap`. */
  countQuotes(q: Omit<QuoteQuery, 'limit'>, cap: number): Promise<number>;
  /** Speakers of the newest quotes since `since` whose names start with the typed words, most quoted first. */
  speakers(q: { since: string; typed?: string; hiddenFeeds?: readonly string[]; limit: number; window: number }): Promise<string[]>;
  /** When the oldest brief still stored was made (ISO), or undefined for an empty archive. */
  oldest(): Promise<string | undefined>;
  /** Deletes up to `batch` briefs stored before `before`, with their quotes, topics and feeds; returns how many. */
  prune(before: string, batch: number): Promise<number>;
}

export function briefText(b: Brief): string {
  return [b.headline, b.summary, ...b.context, ...b.quotes.flatMap((q) => [q.text, q.speaker ?? '', q.role ?? '']), b.source].join('\n');
}

type Row = Pick<BriefsTable, 'brief' | 'created_at' | 'updated_at' | 'feed_urls' | 'article_ids' | 'content_hash'>;
const COLUMNS = ['b.brief', 'b.created_at', 'b.updated_at', 'b.feed_urls', 'b.article_ids', 'b.content_hash'] as const;

function fromRow(r: Row): StoredBrief {
  return {
    brief: JSON.parse(r.brief) as Brief,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    feedUrls: JSON.parse(r.feed_urls) as string[],
    articleIds: JSON.parse(r.article_ids) as string[],
    contentHash: r.content_hash,
  };
}

/**
 * The visibility rule of `feedScope` as SQL: a brief with no recorded feed, or with one feed outside
 * `hidden`, is shown. `seqColumn` names the brief `seq` of the row being filtered.
 */
function visibleSql(seqColumn: string, hidden: readonly string[] | undefined): Expression<SqlBool> | null {
  if (!hidden?.length) return null;
  const seq = sql.ref(seqColumn);
  const list = sql.join(hidden);
  // Most briefs came from no hidden feed at all: the first test settles them, and PostgreSQL runs it as
  // one hashed set of the hidden feeds' briefs (few rows, read once) or as an index probe per row, as
  // their number suits. Only a brief with a hidden feed pays for the second, which looks at all its
  // feeds: one correlated aggregate per row, because PostgreSQL would turn an EXISTS over the feeds
  // outside `hidden` into a hashed subplan over nearly the whole brief_feeds table. `<> 0` rather than
  // `= 1`: the planner cannot see into the aggregate and guesses 0.5% of rows for `=` but 99.5% for `<>`,
  // the right side (most briefs are visible). Believing almost nothing matched, it read every brief a
  // search or topic matched and sorted them, instead of walking the creation-time index newest first and
  // stopping at the end of the page.
  return sql<SqlBool>`(NOT EXISTS (SELECT 1 FROM brief_feeds hf WHERE hf.brief_seq = ${seq} AND hf.feed_url IN (${list})) OR COALESCE((SELECT max(CASE WHEN vf.feed_url NOT IN (${list}) THEN 1 ELSE 0 END) FROM brief_feeds vf WHERE vf.brief_seq = ${seq}), 1) <> 0)`;
}

/**
 * Full-text matches are looked for among the most recently stored SEARCH_WINDOW matching rows (SQLite's
 * FTS5 returns them newest first by row id), so a common word costs the same as a rare one; older
 * matches are left to a narrower search (more words, a topic, a date).
 */
export const SEARCH_WINDOW = 500;

function briefSearchSql(dialect: Dialect, words: string): Expression<SqlBool> | null {
  const q = ftsQuery(dialect, words);
  if (!q) return null;
  return dialect === 'sqlite'
    ? sql<SqlBool>`b.rowid IN (SELECT rowid FROM briefs_fts WHERE briefs_fts MATCH ${q} ORDER BY rowid DESC LIMIT ${SEARCH_WINDOW})`
    : sql<SqlBool>`b.search @@ to_tsquery('simple', ${q})`;
}

function speakerSearchSql(dialect: Dialect, words: string): Expression<SqlBool> | null {
  const q = ftsQuery(dialect, words);
  if (!q) return null;
  return dialect === 'sqlite'
    ? sql<SqlBool>`q.rowid IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ${q} ORDER BY rowid DESC LIMIT ${SEARCH_WINDOW})`
    : sql<SqlBool>`q.speaker_search @@ to_tsquery('simple', ${q})`;
}

export function briefRepository({ db, dialect }: SqlContext): BriefRepository {
  const filtered = (q: BriefFilter) => {
    let query = db.selectFrom('briefs as b').select(COLUMNS);
    if (q.topic) {
      const topic = q.topic;
      query = query.where(({ exists, selectFrom }) =>
        exists(selectFrom('brief_topics as t').select('t.brief_seq').whereRef('t.brief_seq', '=', 'b.seq').where('t.topic', '=', topic)),
      );
    }
    if (q.date) query = query.where('b.day', '=', q.date);
    if (q.since) query = query.where('b.created_at', '>=', q.since);
    if (q.until) query = query.where('b.created_at', '<=', q.until);
    const search = q.search ? briefSearchSql(dialect, q.search) : null;
    if (q.search && !search) return null;
    if (search) query = query.where(search);
    const visible = visibleSql('b.seq', q.hiddenFeeds);
    if (visible) query = query.where(visible);
    return query;
  };

  function rowOf(record: StoredBrief) {
    const b = record.brief;
    const row = {
      id: b.id,
      created_at: record.createdAt,
      updated_at: record.updatedAt,
      day: b.date ?? record.createdAt.slice(0, 10),
      brief: JSON.stringify(b),
      feed_urls: JSON.stringify(record.feedUrls),
      article_ids: JSON.stringify(record.articleIds),
      content_hash: record.contentHash,
      lang: b.lang ?? null,
    };
    // PostgreSQL's search words are a column of the row, written with it: set by an UPDATE after the
    // insert, they made a second version of every new row (not a HOT one: the column is indexed), so a
    // new entry in each of the table's indexes and a dead row for autovacuum, per brief.
    if (dialect === 'sqlite') return row;
    return { ...row, search: sql`to_tsvector('simple', ${briefText(b)})` } as typeof row;
  }

  /**
   * Topics, feeds, quotes and search words of briefs whose old ones are already gone; `seqs` gives each
   * brief's `seq` by id.
   */
  async function writeChildren(tx: Db, records: readonly StoredBrief[], seqs: ReadonlyMap<string, number>): Promise<void> {
    const seqOf = (r: StoredBrief) => {
      const seq = seqs.get(r.brief.id);
      if (seq === undefined) throw new Error(`brief ${r.brief.id} has no row to attach its topics and quotes to`);
      return seq;
    };
    const topics = records.flatMap((r) => [...new Set(r.brief.topics)].map((topic) => ({ brief_seq: seqOf(r), topic, created_at: r.createdAt })));
    for (const rows of chunks(topics)) await tx.insertInto('brief_topics').values(rows).execute();
    const feeds = records.flatMap((r) => [...new Set(r.feedUrls.filter(Boolean))].map((feed_url) => ({ brief_seq: seqOf(r), feed_url })));
    for (const rows of chunks(feeds)) await tx.insertInto('brief_feeds').values(rows).execute();
    const quotes = records.flatMap((r) => r.brief.quotes.map((q, position) => ({ brief_seq: seqOf(r), position, created_at: r.createdAt, text: q.text, speaker: q.speaker, role: q.role ?? null })));
    for (const rows of chunks(quotes)) {
      if (dialect === 'sqlite') await tx.insertInto('quotes').values(rows).execute();
      else await tx.insertInto('quotes').values(rows.map((q) => ({ ...q, speaker_search: sql`to_tsvector('simple', ${q.speaker ?? ''})` }) as typeof q)).execute();
    }
    // SQLite's full-text rows live in their own tables, keyed by the brief's row id, which is its seq
    // (PostgreSQL's are columns of the rows themselves, written with them).
    if (dialect !== 'sqlite') return;
    for (const part of chunks(records, 100)) {
      const values = sql.join(part.map((r) => sql`(${seqOf(r)}, ${briefText(r.brief)})`));
      await sql`INSERT INTO briefs_fts (rowid, body) VALUES ${values}`.execute(tx);
      await sql`INSERT INTO quotes_fts (rowid, speaker) SELECT rowid, speaker FROM quotes WHERE brief_seq IN (${sql.join(part.map(seqOf))}) AND speaker IS NOT NULL`.execute(tx);
    }
  }

  /** Deletes the topics, feeds, quotes and search words of these briefs, by `seq` (before they are written again). */
  async function clearChildren(tx: Db, seqs: readonly number[]): Promise<void> {
    for (const part of chunks(seqs)) {
      if (dialect === 'sqlite') {
        await sql`DELETE FROM briefs_fts WHERE rowid IN (${sql.join(part)})`.execute(tx);
        await sql`DELETE FROM quotes_fts WHERE rowid IN (SELECT rowid FROM quotes WHERE brief_seq IN (${sql.join(part)}))`.execute(tx);
      }
      await tx.deleteFrom('brief_topics').where('brief_seq', 'in', part).execute();
      await tx.deleteFrom('brief_feeds').where('brief_seq', 'in', part).execute();
      await tx.deleteFrom('quotes').where('brief_seq', 'in', part).execute();
    }
  }

  async function save(record: StoredBrief): Promise<boolean> {
    const b = record.brief;
    const row = rowOf(record);
    return inTransaction(db, async (tx) => {
      // Claiming the id first tells a new brief from an update even with several writers.
      const inserted = await tx.insertInto('briefs').values(row).onConflict((oc) => oc.column('id').doNothing()).returning('seq').executeTakeFirst();
      let seq = inserted?.seq;
      if (seq === undefined) {
        const { id: _id, ...change } = row;
        const existing = await tx.updateTable('briefs').set(change).where('id', '=', b.id).returning('seq').executeTakeFirstOrThrow();
        seq = existing.seq;
        await clearChildren(tx, [seq]);
      }
      await writeChildren(tx, [record], new Map([[b.id, seq]]));
      return inserted !== undefined;
    });
  }

  return {
    async get(id) {
      const r = await db.selectFrom('briefs as b').select(COLUMNS).where('b.id', '=', id).executeTakeFirst();
      return r ? fromRow(r) : undefined;
    },
    save,

    async saveMany(records) {
      let created = 0;
      for (const part of chunks(records, 200)) {
        await inTransaction(db, async (tx) => {
          const ids = part.map((r) => r.brief.id);
          const existing = await tx.selectFrom('briefs').select(['id', 'seq']).where('id', 'in', ids).execute();
          const known = new Set(existing.map((r) => r.id));
          created += part.filter((r) => !known.has(r.brief.id)).length;
          await clearChildren(tx, existing.map((r) => r.seq));
          const stored = await tx
            .insertInto('briefs')
            .values(part.map(rowOf))
            .onConflict((oc) =>
              oc.column('id').doUpdateSet((eb) => ({
                created_at: eb.ref('excluded.created_at'),
                updated_at: eb.ref('excluded.updated_at'),
                day: eb.ref('excluded.day'),
                brief: eb.ref('excluded.brief'),
                feed_urls: eb.ref('excluded.feed_urls'),
                article_ids: eb.ref('excluded.article_ids'),
                content_hash: eb.ref('excluded.content_hash'),
                lang: eb.ref('excluded.lang'),
                ...(dialect === 'sqlite' ? {} : ({ search: sql`excluded.search` } as object)),
              })),
            )
            .returning(['id', 'seq'])
            .execute();
          await writeChildren(tx, part, new Map(stored.map((r) => [r.id, r.seq])));
        });
      }
      return created;
    },

    async page(q) {
      const base = filtered(q);
      if (!base) return [];
      if (q.before) {
        const { createdAt, id } = q.before;
        // The plain bound lets the index seek to the cursor; the pair orders ties by id.
        const rows = await base
          .where('b.created_at', '>=', createdAt)
          .where((eb) => eb.or([eb('b.created_at', '>', createdAt), eb.and([eb('b.created_at', '=', createdAt), eb('b.id', '>', id)])]))
          .orderBy('b.created_at', 'asc')
          .orderBy('b.id', 'asc')
          .limit(q.limit)
          .execute();
        return rows.reverse().map(fromRow);
      }
      let query = base;
      if (q.after) {
        const { createdAt, id } = q.after;
        query = query.where('b.created_at', '<=', createdAt).where((eb) => eb.or([eb('b.created_at', '<', createdAt), eb.and([eb('b.created_at', '=', createdAt), eb('b.id', '<', id)])]));
      }
      const rows = await query.orderBy('b.created_at', 'desc').orderBy('b.id', 'desc').limit(q.limit).execute();
      return rows.map(fromRow);
    },

    async count(q, cap) {
      const base = filtered(q);
      if (!base) return 0;
      const r = await db.selectFrom(base.clearSelect().select('b.id').limit(cap).as('hits')).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
      return Number(r?.n ?? 0);
    },

    async changedSince(since, limit, after) {
      let query = db.selectFrom('briefs as b').select([...COLUMNS, 'b.id']).where('b.updated_at', '>=', since);
      if (after) {
        const { createdAt: at, id } = after;
        query = query.where('b.updated_at', '>=', at).where((eb) => eb.or([eb('b.updated_at', '>', at), eb.and([eb('b.updated_at', '=', at), eb('b.id', '>', id)])]));
      }
      const rows = await query.orderBy('b.updated_at', 'asc').orderBy('b.id', 'asc').limit(limit).execute();
      return rows.map(fromRow);
    },

    async quotes(q) {
      // The page of quotes first, then their briefs: joining before the limit would read the brief of
      // every matching quote (a common speaker has thousands in a month) to show fifty.
      const page = quoteQuery(q).select(['q.text', 'q.speaker', 'q.role', 'q.brief_seq', 'q.created_at', 'q.position']).orderBy('q.created_at', 'desc').orderBy('q.brief_seq', 'desc').orderBy('q.position', 'asc').limit(q.limit);
      const rows = await db
        .selectFrom(page.as('q'))
        .innerJoin('briefs as b', 'b.seq', 'q.brief_seq')
        .select(['q.text', 'q.speaker', 'q.role', 'b.id', 'q.created_at', 'b.brief'])
        .orderBy('q.created_at', 'desc')
        .orderBy('q.brief_seq', 'desc')
        .orderBy('q.position', 'asc')
        .execute();
      return rows.map((r) => {
        const brief = JSON.parse(r.brief) as Brief;
        return {
          quote: { text: r.text, speaker: r.speaker, ...(r.role ? { role: r.role } : {}) },
          briefId: r.id,
          headline: brief.headline,
          link: brief.link,
          day: brief.date ?? r.created_at.slice(0, 10),
          createdAt: r.created_at,
        };
      });
    },

    async countQuotes(q, cap) {
      const inner = quoteQuery(q).select('q.position').limit(cap);
      const r = await db.selectFrom(inner.as('hits')).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
      return Number(r?.n ?? 0);
    },

    async speakers(q) {
      let inner = db.selectFrom('quotes as q').select('q.speaker').where('q.created_at', '>=', q.since).where('q.speaker', 'is not', null);
      if (q.typed?.trim()) {
        const s = speakerSearchSql(dialect, q.typed);
        if (!s) return [];
        inner = inner.where(s);
      }
      const visible = visibleSql('q.brief_seq', q.hiddenFeeds);
      if (visible) inner = inner.where(visible);
      // The newest quotes only: autocomplete must answer at once, whatever the archive holds.
      const rows = await db
        .selectFrom(inner.orderBy('q.created_at', 'desc').limit(q.window).as('recent'))
        .select(['recent.speaker', (eb) => eb.fn.countAll().as('n')])
        .groupBy('recent.speaker')
        .orderBy('n', 'desc')
        .orderBy('recent.speaker', 'asc')
        .limit(q.limit)
        .execute();
      return rows.map((r) => r.speaker).filter((s): s is string => !!s);
    },

    async oldest() {
      const r = await db.selectFrom('briefs').select('created_at').orderBy('created_at', 'asc').limit(1).executeTakeFirst();
      return r?.created_at;
    },

    async prune(before, batch) {
      return inTransaction(db, async (tx) => {
        const seqs = (await tx.selectFrom('briefs').select('seq').where('created_at', '<', before).orderBy('created_at', 'asc').limit(batch).execute()).map((r) => r.seq);
        if (!seqs.length) return 0;
        await clearChildren(tx, seqs);
        await tx.deleteFrom('stories').where('brief_seq', 'in', seqs).execute();
        await tx.deleteFrom('briefs').where('seq', 'in', seqs).execute();
        return seqs.length;
      });
    },
  };

  function quoteQuery(q: Omit<QuoteQuery, 'limit'>) {
    // Every quote's brief exists (the foreign key deletes quotes with it), so matching needs no join.
    let query = db.selectFrom('quotes as q').where('q.created_at', '>=', q.since);
    if (q.topic) {
      const topic = q.topic;
      const since = q.since;
      // A topic row carries its brief's creation time (a quote's too, so the bound changes no answer). On
      // PostgreSQL bounding it lets a rare topic start from the (topic, created_at) index instead of every
      // brief the topic ever had. SQLite, without statistics, would take that index for each quote's
      // lookup and read the topic's whole stretch every time (22 ms a command instead of 2): there the
      // lookup goes by the brief's key.
      query = query.where(({ exists, selectFrom }) => {
        let rows = selectFrom('brief_topics as t').select('t.brief_seq').whereRef('t.brief_seq', '=', 'q.brief_seq').where('t.topic', '=', topic);
        if (dialect === 'postgres') rows = rows.where('t.created_at', '>=', since);
        return exists(rows);
      });
    }
    if (q.speaker?.trim()) {
      const s = speakerSearchSql(dialect, q.speaker);
      query = query.where(s ?? sql<SqlBool>`1 = 0`);
    }
    const visible = visibleSql('q.brief_seq', q.hiddenFeeds);
    if (visible) query = query.where(visible);
    return query;
  }
}

export type { Db };
