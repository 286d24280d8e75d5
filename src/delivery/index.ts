// Delivery: what goes to which channel, in which order, exactly once. It posts through a `Sender` and
// renders through a `Renderer` (the Discord side implements both); it never imports discord.js.
export { createDelivery, type Delivery, type DeliveryDeps, type PassReport } from './engine.ts';
export { dueDigest, type DueDigest } from './digest.ts';
export { feedScope, guildBriefs, cursorOf, type FeedScope } from './scope.ts';
export type { PostMatch, PostTarget, Renderer, SendFailure, Sender } from './sender.ts';
export { localDate, localTime, zonedInstant } from './time.ts';
