// The roles of a scaled-out bot on BullMQ (scheduler, pollers, deliverers, gateway) and what they
// share: the queues, the Redis connection and the Discord budget (failed jobs are recorded in the
// store). The processes that run them are wired in src/app/cluster.ts.
export { parseRoles, clusterProblem, ROLES, type Role } from './roles.ts';
export { clusterStatus, renderStatus, type ClusterStatus } from './status.ts';
export { openQueues, pollJob, type Queues } from './queues.ts';
export { connectRedis } from './redis.ts';
export { startScheduler } from './scheduler.ts';
export { startPoller } from './poller.ts';
export { startDeliverer } from './deliverer.ts';
export { queuedDelivery } from './gateway.ts';
