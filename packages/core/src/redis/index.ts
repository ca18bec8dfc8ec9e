export {
  type CreateRedisOptions,
  createRedis,
  deleteKeysMatching,
  deleteTenantKeys,
  QUEUE_NAMES,
  type QueueName,
  queuePrefix,
  RedisScript,
  tenantKey,
  tenantKeyPrefix,
} from './redis.js';
export { removeTenantJobs } from './tenant-jobs.js';
