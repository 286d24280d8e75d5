import type { Command } from '../src/discord/index.ts';
import * as brief from './brief.ts';
import * as feeds from './feeds.ts';
import * as quotes from './quotes.ts';
import * as subscribe from './subscribe.ts';
import * as subscriptions from './subscriptions.ts';
import * as topics from './topics.ts';
import * as unsubscribe from './unsubscribe.ts';

/** Every slash command, in the order they are registered. */
export const commands: readonly Command[] = [subscribe, unsubscribe, subscriptions, topics, brief, quotes, feeds];
