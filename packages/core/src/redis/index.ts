export {
  assertOneSlot,
  type CreateRedisOptions,
  createRedis,
  deleteKeysMatching,
  deleteTenantKeys,
  hashTagOf,
  isCluster,
  masterNodes,
  QUEUE_NAMES,
  type QueueName,
  queuePrefix,
  RedisScript,
  type RedisTarget,
  redisTarget,
  tenantKey,
  tenantKeyPrefix,
} from './redis.js';
export { removeTenantJobs } from './tenant-jobs.js';
