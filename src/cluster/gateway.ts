import type { Config } from '../config/index.ts';
import type { DeliveryPort } from '../discord/index.ts';
import type { Store } from '../store/index.ts';
import { activeChannels } from './archive.ts';
import { enqueueDeliveries, type Queues } from './queues.ts';

/**
 * How the gateway role's commands ask for delivery. The gateway answers every command from the shared
 * archive, so any gateway process answers any command, but posts nothing itself: what a command wants
 * delivered (a new subscription's backlog) becomes a delivery job for the deliverers.
 */
export function queuedDelivery(queues: Queues, config: Config, store: Store): DeliveryPort {
  return {
    pass: async (scope) => enqueueDeliveries(queues, config, scope ? [scope.channelId] : await activeChannels(store)),
  };
}
