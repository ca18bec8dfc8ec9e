export {
  type CreateRedisOptions,
  createRedis,
  deleteTenantKeys,
  QUEUE_NAMES,
  type QueueName,
  queuePrefix,
  tenantKey,
  tenantKeyPrefix,
} from './redis.js';
