export {
  type CreateRedisOptions,
  createRedis,
  deleteTenantKeys,
  QUEUE_NAMES,
  type QueueName,
  queuePrefix,
  RedisScript,
  tenantKey,
  tenantKeyPrefix,
} from './redis.js';
export { removeTenantJobs } from './tenant-jobs.js';
