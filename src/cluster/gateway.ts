import { commands } from '../../commands/index.ts';
import type { Config } from '../config/index.ts';
import { startBot } from '../discord/bot.ts';
import { storeFeedsPort } from '../discord/feeds-port.ts';
import type { Store } from '../store/index.ts';
import type { Logger } from '../util/log.ts';
import { activeChannels } from './archive.ts';
import { enqueueDeliveries, type Queues } from './queues.ts';

/**
 * The gateway role: the discord.js client with `shards: 'auto'` (as many shards as Discord asks for,
 * which it requires from 2,500 servers), answering every command from the shared archive, so any
 * gateway process answers any command. It posts nothing itself: what a command wants delivered (a
 * new subscription's backlog) becomes a delivery job for the deliverers.
 */
export async function startGateway(deps: { config: Config; store: Store; queues: Queues; log: Logger; token: string; apiUrl?: string }) {
  const { config, store, queues, log } = deps;
  const bot = await startBot({
    config,
    store,
    log,
    token: deps.token,
    ...(deps.apiUrl ? { apiUrl: deps.apiUrl } : {}),
    commands,
    feeds: storeFeedsPort(config, store),
    schedule: false,
    shards: 'auto',
    delivery: {
      pass: async (scope) => enqueueDeliveries(queues, config, scope ? [scope.channelId] : await activeChannels(store)),
    },
  });
  return {
    bot,
    stop: () => bot.stop(),
  };
}
