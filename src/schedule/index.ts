export { runCycle, type CycleReport, type CycleDeps, type AddedFeed } from './cycle.ts';
export { describeCycle } from './report.ts';
export { listFeedStatus, feedCondition, type FeedStatus } from './feeds.ts';
export { loadStories, type Stories } from './stories.ts';
