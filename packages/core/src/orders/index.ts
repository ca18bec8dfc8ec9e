export {
  type CreateOrderInput,
  CreateOrderInputSchema,
  EMAIL_SCHEMA,
  type Order,
  type OrderKind,
  type OrderStatus,
} from './order.js';
export {
  createOrder,
  ensureAutoRenewalOrderInTransaction,
  getOrder,
  linkOrderSubscription,
  listOrdersByOwner,
  listStalePendingOrders,
  lockOrder,
  orderIdempotenceKey,
  setOrderStatus,
} from './orders.service.js';
export type { OrderRow, OrdersTable } from './orders.table.js';
