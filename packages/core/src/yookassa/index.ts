export { buildServiceReceipt, type ReceiptTaxSettings } from './receipt.js';
export {
  type AddressList,
  clientAddress,
  type NotificationSourceOptions,
  notificationSourceCheck,
  parseAddressList,
  YOOKASSA_NOTIFICATION_SOURCES,
} from './source-allowlist.js';
export {
  YOOKASSA_VARIABLES,
  type YookassaConfig,
  type YookassaSettings,
  yookassaSettings,
} from './yookassa.config.js';
export {
  type CreatePaymentRequest,
  type CreateRefundRequest,
  PAYMENT_STATUSES,
  REFUND_STATUSES,
  type YookassaAmount,
  YookassaAmountSchema,
  type YookassaClient,
  type YookassaPayment,
  YookassaPaymentSchema,
  type YookassaReceipt,
  type YookassaReceiptItem,
  type YookassaRefund,
  YookassaRefundSchema,
} from './yookassa.js';
export {
  createYookassaClient,
  YOOKASSA_API_URL,
  type YookassaClientOptions,
  YookassaRequestError,
} from './yookassa-client.js';
