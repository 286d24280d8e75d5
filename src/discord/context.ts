import type { Config } from '../../config/schema.ts';
import type { FeedStatus } from '../schedule/feeds.ts';
import type { Store } from '../store/index.ts';
import { briefRepository } from '../store/briefs.ts';
import type { Logger } from '../util/log.ts';
import { deliveryLedger } from './ledger.ts';
import { guildTopicRepository, subscriptionRepository } from './subscriptions.ts';

/** What /feeds needs from feed ingestion; wired to the pipeline by the bot's entry point. */
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
  subs: ReturnType<typeof subscriptionRepository>;
  guildTopics: ReturnType<typeof guildTopicRepository>;
  briefs: ReturnType<typeof briefRepository>;
  ledger: ReturnType<typeof deliveryLedger>;
}

export function createContext(base: Pick<BotContext, 'config' | 'store' | 'log' | 'delivery' | 'feeds'> & { now?: () => Date }): BotContext {
  return {
    ...base,
    now: base.now ?? (() => new Date()),
    subs: subscriptionRepository(base.store),
    guildTopics: guildTopicRepository(base.store),
    briefs: briefRepository(base.store),
    ledger: deliveryLedger(base.store),
  };
}
