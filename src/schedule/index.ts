export { runCycle, feedStates, addedFeeds, type CycleReport, type CycleDeps, type AddedFeed } from './cycle.ts';
export { scheduleJob, type Runner } from './runner.ts';
export { describeCycle } from './report.ts';
export { listFeedStatus, feedCondition, type FeedStatus } from './feeds.ts';
export { loadStories, type Stories } from './stories.ts';
