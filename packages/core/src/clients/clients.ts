import { z } from 'zod';
import { personNameSchema } from '../validation/index.js';

/** A customer of the tenant: by their Telegram user id, or (walk-ins) by name and phone. */
export interface Client {
  id: number;
  /** `null` for a client the team booked by phone or at the desk, without Telegram. */
  telegramUserId: number | null;
  name: string;
  phone: string | null;
  locale: string;
  /**
   * The client picked `locale` in the bot; otherwise it was taken from Telegram's
   * language or the tenant's default, and Telegram's current language wins on screens.
   */
  localeChosen: boolean;
  /** A blocked client can browse but not book or join the waitlist. */
  blocked: boolean;
  createdAt: Date;
}

/** Input of `upsertClient`: what the bot knows about the Telegram user. */
export const ClientInputSchema = z.object({
  telegramUserId: z.number().int().positive(),
  /** No control characters (Postgres refuses U+0000) and something visible. */
  name: personNameSchema(200),
  /**
   * As typed or shared: the service reads it with the tenant's phone region (see
   * `phoneRegionOf`) and stores it in E.164, or refuses it.
   */
  phone: z.string().trim().max(64).nullable().optional(),
  locale: z.string().min(2).max(10).optional(),
  /** `locale` is the client's own choice (see {@link Client.localeChosen}). */
  localeChosen: z.boolean().optional(),
});
/** See {@link ClientInputSchema}. */
export type ClientInput = z.input<typeof ClientInputSchema>;

/** Input of `updateClient`. */
export const ClientPatchSchema = ClientInputSchema.omit({ telegramUserId: true })
  .partial()
  .strict();
/** See {@link ClientPatchSchema}. */
export type ClientPatch = z.input<typeof ClientPatchSchema>;

/** Input of `addClientByPhone`: a client the team books by phone or at the desk. */
export const PhoneClientInputSchema = z.object({
  name: personNameSchema(200),
  /** As typed: read with the tenant's phone region, stored in E.164. */
  phone: z.string().trim().min(1).max(64),
});
/** See {@link PhoneClientInputSchema}. */
export type PhoneClientInput = z.input<typeof PhoneClientInputSchema>;
