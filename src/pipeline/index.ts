// The pipeline: one cycle polls the due feeds, condenses each new item into a brief, merges copies of a
// story already briefed, matches the configured topics and stores the result. Delivery reads the store.
export { runCycle, type CycleReport, type CycleDeps, type AddedFeed } from './cycle.ts';
export { describeCycle } from './cycle-summary.ts';
export { listFeedStatus, feedCondition, type FeedStatus } from './feed-status.ts';
export { recentStories, type Stories, type StoriesOptions } from './recent-stories.ts';
