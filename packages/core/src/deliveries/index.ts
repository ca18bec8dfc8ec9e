export * from './deliveries.js';
export {
  claimDelivery,
  type DeliverOnceOptions,
  deliverOnce,
  deliveryKey,
  findDelivery,
  forgetDeliveries,
  markDeliveryRefused,
  markDeliverySent,
  releaseDelivery,
} from './deliveries.service.js';
