import type { Keywords, Topic } from '../topics/index.ts';
import type { SqlContext } from './db.ts';

/** Topics a guild defined with /topics add, on top of the configured ones. */
export interface GuildTopicRepository {
  /** The guild's topics by name. */
  list(guildId: string): Promise<Topic[]>;
  get(guildId: string, name: string): Promise<Topic | undefined>;
  /** Adds or replaces a topic of the guild. */
  add(guildId: string, topic: Topic): Promise<void>;
  /** False when the guild had no topic of that name. */
  remove(guildId: string, name: string): Promise<boolean>;
}

const fromRow = (r: { name: string; keywords: string; exclude: string | null }): Topic => ({
  name: r.name,
  keywords: JSON.parse(r.keywords) as Keywords,
  ...(r.exclude ? { exclude: JSON.parse(r.exclude) as Keywords } : {}),
});

export function guildTopicRepository({ db }: SqlContext): GuildTopicRepository {
  return {
    async list(guildId) {
      const rows = await db.selectFrom('guild_topics').select(['name', 'keywords', 'exclude']).where('guild_id', '=', guildId).orderBy('name').execute();
      return rows.map(fromRow);
    },
    async get(guildId, name) {
      const r = await db.selectFrom('guild_topics').select(['name', 'keywords', 'exclude']).where('guild_id', '=', guildId).where('name', '=', name).executeTakeFirst();
      return r ? fromRow(r) : undefined;
    },
    async add(guildId, topic) {
      const keywords = JSON.stringify(topic.keywords);
      const exclude = topic.exclude ? JSON.stringify(topic.exclude) : null;
      await db
        .insertInto('guild_topics')
        .values({ guild_id: guildId, name: topic.name, keywords, exclude })
        .onConflict((oc) => oc.columns(['guild_id', 'name']).doUpdateSet({ keywords, exclude }))
        .execute();
    },
    async remove(guildId, name) {
      const r = await db.deleteFrom('guild_topics').where('guild_id', '=', guildId).where('name', '=', name).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
