import { z } from 'zod';
import { SUPPORTED_LOCALES } from '../tenants/index.js';

/**
 * What an order buys: `purchase` a new bot's first period, `renewal` another period of
 * an existing subscription paid by hand, `auto_renewal` a charge of the saved method.
 */
export type OrderKind = 'purchase' | 'renewal' | 'auto_renewal';
/** `new` until its payment exists, `pending` while it is unpaid, then `paid` or `canceled`. */
export type OrderStatus = 'new' | 'pending' | 'paid' | 'canceled';

/** One intent to pay for a plan, recorded before its payment is created. */
export interface Order {
  id: number;
  kind: OrderKind;
  ownerTelegramId: number;
  planCode: string;
  /** Kopecks, copied from the plan when the order was made. */
  amountKopecks: number;
  currency: string;
  /** Days the payment adds, copied from the plan. */
  periodDays: number;
  /** Where the receipt goes. */
  email: string;
  businessName: string | null;
  locale: string;
  /** The owner agreed to auto-renewal: the payment saves the card. */
  savePaymentMethod: boolean;
  subscriptionId: number | null;
  renewsPeriodEnd: Date | null;
  status: OrderStatus;
  createdAt: Date;
  updatedAt: Date;
}

/** An email YooKassa accepts for a receipt. */
export const EMAIL_SCHEMA = z
  .string()
  .trim()
  .max(254, { message: 'must be at most 254 characters' })
  .regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, {
    message: 'must be an email address such as anna@example.com',
  });

/** Input of `createOrder`. */
export const CreateOrderInputSchema = z.object({
  ownerTelegramId: z.number().int().positive({ message: 'must be a positive Telegram user id' }),
  planCode: z.string().min(1, { message: 'must name a plan' }),
  email: EMAIL_SCHEMA,
  businessName: z
    .string()
    .trim()
    .min(1, { message: 'must not be empty' })
    .max(100, { message: 'must be at most 100 characters' })
    .optional(),
  locale: z.enum(SUPPORTED_LOCALES).default('ru'),
  /** Opt-in to auto-renewal: the payment saves the card for later charges. */
  savePaymentMethod: z.boolean().default(false),
  /** Renews this subscription instead of buying a new bot. */
  subscriptionId: z.number().int().positive().optional(),
});
/** Input of `createOrder`. */
export type CreateOrderInput = z.input<typeof CreateOrderInputSchema>;
