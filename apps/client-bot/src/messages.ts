import type { CallbackCodec } from '@booking/bot-kit';
import { html } from '@booking/bot-kit';
import type { Booking, WaitlistOffer } from '@booking/core';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { CB } from './callbacks.js';
import { bookingSummary, formatDate, formatTime, label, type Speaker } from './format.js';
import { bookingActions, button } from './keyboards.js';

/** A message a worker sends: text and buttons. */
export interface OutgoingMessage {
  text: string;
  markup: InlineKeyboardMarkup;
}

/**
 * Which confirmation a customer gets: a new booking, a moved one, a waitlist offer taken;
 * or a booking the business made or moved for them (the console).
 */
export type ConfirmationVariant =
  | 'booked'
  | 'rescheduled'
  | 'waitlist'
  | 'business_booked'
  | 'business_moved';

/**
 * What a customer sees once their booking is made, moved or taken from the waitlist:
 * the summary with Cancel and Reschedule. The bot shows it at once; the deliveries
 * queue shows the same when the Bot API was down at that moment.
 */
export function confirmationMessage(
  speaker: Speaker,
  codec: CallbackCodec,
  booking: Booking,
  variant: ConfirmationVariant,
  timeZone: string,
): OutgoingMessage {
  const summary = html(bookingSummary(speaker, booking, timeZone));
  let text: string;
  switch (variant) {
    case 'booked':
      text = speaker.t('book.done', { summary });
      break;
    case 'rescheduled':
      text = speaker.t('my.rescheduled', { summary });
      break;
    case 'waitlist':
      text = speaker.t('waitlist.accepted', { summary });
      break;
    case 'business_booked':
      text = speaker.t('notice.business_booked', { summary });
      break;
    case 'business_moved':
      text = speaker.t('notice.business_moved', { summary });
      break;
  }
  // Its buttons open their screens below it: a confirmation stays in the chat.
  return { text, markup: bookingActions(speaker, codec, booking.id, 'confirmation') };
}

/** The reminder of a visit, with "I will come" and Cancel. */
export function reminderMessage(
  speaker: Speaker,
  codec: CallbackCodec,
  booking: Booking,
  timeZone: string,
  now: Date,
): OutgoingMessage {
  const minutes = Math.max(1, Math.round((booking.startsAt.getTime() - now.getTime()) / 60_000));
  const when =
    minutes >= 120
      ? speaker.t('reminder.when_hours', { hours: Math.round(minutes / 60) })
      : speaker.t('reminder.when_minutes', { minutes });
  return {
    text: speaker.t('reminder.text', {
      when: html(when),
      summary: html(bookingSummary(speaker, booking, timeZone)),
    }),
    markup: {
      inline_keyboard: [
        [
          button(speaker, codec, 'reminder.confirm', CB.attend, booking.id),
          button(speaker, codec, 'book.cancel_booking', CB.cancelAsk, booking.id),
        ],
      ],
    },
  };
}

/** The feedback request after a visit: five star buttons. */
export function feedbackMessage(
  speaker: Speaker,
  codec: CallbackCodec,
  booking: Booking,
): OutgoingMessage {
  const star = (stars: number) => ({
    text: '⭐'.repeat(stars),
    callback_data: codec.encode(CB.rate, booking.id, stars),
  });
  return {
    text: speaker.t('feedback.ask', {
      service: booking.serviceName,
      specialist: booking.staffName,
    }),
    markup: { inline_keyboard: [[1, 2, 3].map(star), [4, 5].map(star)] },
  };
}

/** A waitlist offer with Accept and Decline and the hold time. */
export function offerMessage(
  speaker: Speaker,
  codec: CallbackCodec,
  offer: WaitlistOffer,
  facts: { serviceName: string; staffName: string; priceMinor: number; currency: string },
  timeZone: string,
  now: Date,
): OutgoingMessage {
  const minutes = Math.max(1, Math.round((offer.expiresAt.getTime() - now.getTime()) / 60_000));
  return {
    text: speaker.t('waitlist.offer', {
      summary: html(bookingSummary(speaker, { ...facts, startsAt: offer.startsAt }, timeZone)),
      minutes,
      until: formatTime(offer.expiresAt, timeZone),
    }),
    markup: {
      inline_keyboard: [
        [
          button(speaker, codec, 'waitlist.accept', CB.offerAccept, offer.entryId),
          button(speaker, codec, 'waitlist.decline', CB.offerDecline, offer.entryId),
        ],
      ],
    },
  };
}

/** What the tenant's admins are told about a booking change. */
export function adminEventMessage(
  speaker: Speaker,
  event: {
    kind: 'booked' | 'cancelled' | 'rescheduled';
    by: 'client' | 'staff';
    previousStartsAt?: string;
  },
  booking: Booking,
  clientPhone: string | null,
  timeZone: string,
): OutgoingMessage {
  const common = {
    client: booking.clientName,
    phone: clientPhone ? `, ${clientPhone}` : '',
    summary: html(bookingSummary(speaker, booking, timeZone)),
  };
  let text: string;
  switch (event.kind) {
    case 'booked':
      text = speaker.t('admin.booked', common);
      break;
    case 'cancelled':
      text = speaker.t('admin.cancelled', {
        ...common,
        by: label(speaker, event.by === 'client' ? 'admin.by_client' : 'admin.by_staff'),
      });
      break;
    case 'rescheduled': {
      const previous = event.previousStartsAt ? new Date(event.previousStartsAt) : booking.startsAt;
      text = speaker.t('admin.rescheduled', {
        ...common,
        old: `${formatDate(previous, timeZone, speaker.locale)} ${formatTime(previous, timeZone)}`,
      });
      break;
    }
  }
  return { text, markup: { inline_keyboard: [] } };
}

/** A client's notice that the business cancelled their booking, with the reason given. */
export function cancellationMessage(
  speaker: Speaker,
  codec: CallbackCodec,
  booking: Booking,
  timeZone: string,
): OutgoingMessage {
  return {
    text: speaker.t('notice.business_cancelled', {
      summary: html(bookingSummary(speaker, booking, timeZone)),
      reason: booking.cancelReason ?? '',
    }),
    markup: { inline_keyboard: [[button(speaker, codec, 'menu.book', CB.menu, 'book')]] },
  };
}
