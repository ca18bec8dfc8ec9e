export {
  type AppliedPayment,
  type AppliedRefund,
  applyYookassaPayment,
  applyYookassaRefund,
  orderIdOf,
} from './apply-payment.js';
export { type BillingDeps, ORDER_METADATA_KEY } from './billing.js';
export { chargeRenewal, type RenewalOutcome } from './charge-renewal.js';
export {
  type CreateOrderPaymentOptions,
  createOrderPayment,
  type OrderPayment,
  paymentRequestForOrder,
  planPurchaseDescription,
  syncOrderPayment,
} from './checkout.js';
export {
  type ProcessedNotification,
  parseYookassaNotification,
  processYookassaNotification,
  YOOKASSA_EVENTS,
  type YookassaEvent,
  type YookassaNotificationRef,
  YookassaNotificationSchema,
} from './process-notification.js';
export { refundOrderPayment } from './refund-payment.js';
