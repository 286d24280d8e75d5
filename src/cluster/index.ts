// The roles of a scaled-out bot on BullMQ (scheduler, pollers, deliverers, gateway) and what they
// share: the queues, the Redis connection, the Discord budget and the failed-job records. The
// processes that run them are wired in src/app/cluster.ts.
export { parseRoles, clusterProblem, ROLES, type Role } from './roles.ts';
export { clusterStatus, renderStatus, type ClusterStatus } from './status.ts';
export { listFailures, getFailure, pollFailureKey, type JobFailure } from './failures.ts';
export { openQueues, type Queues } from './queues.ts';
export { connectRedis } from './redis.ts';
export { startScheduler } from './scheduler.ts';
export { startPoller } from './poller.ts';
export { startDeliverer } from './deliverer.ts';
export { queuedDelivery } from './gateway.ts';
