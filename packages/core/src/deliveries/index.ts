export * from './deliveries.js';
export {
  claimDelivery,
  type DeliverOnceOptions,
  deliverOnce,
  deliveryKey,
  findDelivery,
  markDeliveryRefused,
  markDeliverySent,
  releaseDelivery,
} from './deliveries.service.js';
