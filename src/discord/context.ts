import type { Config } from '../config/index.ts';
import type { FeedStatus } from '../pipeline/index.ts';
import type { BriefRepository, DeliveryLedger, GuildTopicRepository, Store, SubscriptionRepository } from '../store/index.ts';
import type { Logger } from '../util/log.ts';

/** What /feeds needs from feed ingestion; wired to the pipeline's state in src/app. */
export interface FeedsPort {
  /** Configured feeds plus those `guildId` added (every added feed without a guild). */
  list(guildId?: string): Promise<FeedStatus[]>;
  /** Fetches and parses the feed once, then saves it as added by `guildId`; private addresses are refused. */
  add(url: string, addedBy: string, guildId: string): Promise<{ ok: true; title: string; items: number } | { ok: false; reason: string }>;
  /** Takes away `guildId`'s claim on an added feed; false when that server had not added it. */
  remove(url: string, guildId: string): Promise<boolean>;
}

/**
 * How commands ask for delivery: the embedded bot runs a pass itself; a scaled-out gateway queues a
 * job for the deliverers (`channelId` names the channel that needs one, when only one does).
 */
export interface DeliveryPort {
  pass(scope?: { channelId: string }): Promise<unknown>;
}

/** Everything a command handler may use. */
export interface BotContext {
  config: Config;
  store: Store;
  log: Logger;
  now: () => Date;
  delivery: DeliveryPort;
  feeds: FeedsPort;
  /** Shorthands for the store's repositories the commands use most. */
  subs: SubscriptionRepository;
  guildTopics: GuildTopicRepository;
  briefs: BriefRepository;
  ledger: DeliveryLedger;
}

export function createContext(base: Pick<BotContext, 'config' | 'store' | 'log' | 'delivery' | 'feeds'> & { now?: () => Date }): BotContext {
  return {
    ...base,
    now: base.now ?? (() => new Date()),
    subs: base.store.subscriptions,
    guildTopics: base.store.guildTopics,
    briefs: base.store.briefs,
    ledger: base.store.deliveries,
  };
}
