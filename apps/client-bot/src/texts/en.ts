import { BOT_KIT_TEXTS } from '@booking/bot-kit';
import { CONSOLE_EN } from './console/index.js';
import { ERROR_TEXTS } from './errors.js';

/** English: the reference dictionary; every key lives here. */
export const EN = {
  ...BOT_KIT_TEXTS.en,
  ...CONSOLE_EN,
  ...ERROR_TEXTS.en,
  'start.greeting': 'Welcome to <b>{business}</b>!',
  'start.address': '📍 {address}',
  'start.phone': '📞 {phone}',
  'commands.start': 'Main menu',
  'commands.book': 'Book an appointment',
  'commands.my': 'My bookings',
  'commands.help': 'Help',
  'menu.prompt': 'What would you like to do?',
  'menu.book': '📅 Book',
  'menu.my': '🗂 My bookings',
  'menu.waitlist': '⏳ Waiting list',
  'menu.language': '🌐 Language',
  'menu.help': '❓ Help',
  'help.text':
    'Book an appointment with <b>Book</b>: pick a service, a specialist, a day and a time.\nIn <b>My bookings</b> you can cancel or reschedule.\nIf a day is full, join the <b>waiting list</b> and we will message you when a time frees up.\nCommands: /start menu, /book, /my, /help.',
  'language.choose': 'Choose your language:',
  'language.set': 'Language set to English.',
  'common.back': '« Back',
  'common.menu': '🏠 Menu',
  'common.yes': 'Yes',
  'common.no': 'No',
  'common.minutes': '{n} min',
  'book.no_services': 'No services can be booked online right now. Please contact us.',
  'book.choose_service': 'Choose a service:',
  'book.service_button': '{name} · {duration} · {price}',
  'book.service_details': '⏱ {duration} · 💳 {price}',
  'book.choose_specialist': 'Choose a specialist:',
  'book.any_specialist': 'Any specialist',
  'book.choose_day':
    '<b>{service}</b> · {specialist}\nChoose a day (• few times left, ✕ full, — closed):',
  'book.choose_time': '<b>{service}</b> · {specialist}\n{date}: choose a time',
  'book.day_full':
    '{date} is fully booked for <b>{service}</b>. Join the waiting list, and we will message you if a time frees up?',
  'book.join_waitlist': '⏳ Join the waiting list',
  'book.summary': '<b>{service}</b>\n👤 {specialist}\n📅 {date}\n🕒 {time}\n💳 {price}',
  'book.confirm_prompt': 'Please check your booking:\n\n{summary}',
  'book.confirm': '✅ Confirm',
  'book.window_notice':
    '⚠️ This visit is less than {hours} h away: once booked, it can no longer be cancelled or rescheduled online.',
  'book.day_closed': 'No appointments on this day. Please choose another one.',
  'book.ask_name': 'What name should we book under?',
  'book.bad_name_characters':
    'That name has hidden or control characters. Please type your name in letters (2 to 100 characters).',
  'book.bad_name': 'Please send your name as text (2 to 100 characters).',
  'book.ask_phone':
    'Please share your phone number with the button below, or type it (for example +7 912 345-67-89).',
  'book.share_phone': '📱 Share my phone number',
  'book.bad_phone':
    'That does not look like a phone number. Please type it with the country code, for example +7 912 345-67-89.',
  'book.foreign_contact':
    "That is someone else's contact. Please share your own number with the button below, or type it.",
  'book.contact_saved': 'Thank you, {name}! Your phone: {phone}.',
  'book.done': '✅ You are booked!\n\n{summary}\n\nWe will remind you before the visit.',
  'book.slot_taken': 'Sorry, {time} was just taken by someone else. These times are still free:',
  'book.cancel_booking': '✖ Cancel booking',
  'book.reschedule_booking': '🔁 Reschedule',
  'book.expired': 'This booking screen has expired. Please start again.',
  'my.none': 'You have no upcoming bookings.',
  'my.title': 'Your upcoming bookings:',
  'my.item': '{date}, {time} · {service}',
  'my.details': '{summary}',
  'my.cancel_prompt': 'Cancel this booking?\n\n{summary}',
  'my.cancel_yes': 'Yes, cancel',
  'my.cancelled': 'Your booking was cancelled:\n\n{summary}',
  'my.too_late':
    'This visit starts in less than {hours} h, so it can no longer be changed online. Please contact {business} directly{phone}.',
  'my.phone_suffix': ': {phone}',
  'my.reschedule_title': 'New time for your booking:\n\n{summary}',
  'my.rescheduled': '🔁 Rescheduled!\n\n{summary}',
  'my.not_active': 'This booking is no longer active.',
  'waitlist.joined':
    'You are on the waiting list for <b>{service}</b> on {date}. We will message you as soon as a time frees up.',
  'waitlist.already': 'You are already on the waiting list for this service.',
  'waitlist.none':
    'You are not on any waiting list. When the day you want is full, the calendar offers to put you on its list (✕ marks a full day).',
  'waitlist.title': 'Your waiting lists:',
  'waitlist.item': '{service} · {dates}',
  'waitlist.leave': '✖ Leave: {service}',
  'waitlist.left': 'You left the waiting list for {service}.',
  'waitlist.offer':
    '🎉 A time is free!\n\n{summary}\n\nIt is held for you for {minutes} min, until {until}. Book it?',
  'waitlist.accept': '✅ Book it',
  'waitlist.decline': 'No, thanks',
  'waitlist.accepted': '✅ You are booked!\n\n{summary}',
  'waitlist.declined': 'OK, we passed this time on to the next person in line.',
  'waitlist.expired': 'Sorry, this offer has expired.',
  'reminder.text': '⏰ Reminder: you have a visit {when}.\n\n{summary}',
  'reminder.when_hours': 'in {hours} h',
  'reminder.when_minutes': 'in {minutes} min',
  'reminder.confirm': '👍 I will come',
  'reminder.confirmed': 'Thank you, see you soon!',
  'feedback.ask': 'How was your visit? <b>{service}</b> with {specialist}. Please rate it:',
  'feedback.thanks': 'Thank you for your feedback!',
  'feedback.bad_comment': 'Please send your comment as text, or /skip.',
  'feedback.comment_prompt': 'Thank you! Anything to add? Send a comment, or /skip.',
  'feedback.already': 'You already rated this visit. Thank you!',
  'admin.booked': '🆕 New booking\n{client}{phone}\n\n{summary}',
  'admin.cancelled': '✖ Booking cancelled by {by}\n{client}{phone}\n\n{summary}',
  'admin.rescheduled': '🔁 Booking rescheduled\n{client}{phone}\nWas: {old}\n\n{summary}',
  'admin.by_client': 'the client',
  'admin.by_staff': 'staff',
  suspended:
    'Online booking at <b>{business}</b> is temporarily unavailable. Please contact us directly.',
  suspended_owner:
    '⏸ <b>{business}</b> is paused: its subscription has ended, so customers are told that online booking is unavailable. Nothing is deleted. Renew it in @{sales} and bookings open again as soon as the payment arrives.',
  suspended_admin:
    '⏸ <b>{business}</b> is paused: its subscription has ended, so customers are told that online booking is unavailable. The owner can renew it in @{sales}.',
  suspended_platform:
    '⏸ <b>{business}</b> is paused by the platform, so customers are told that online booking is unavailable. Please contact the platform’s support.',
  suspended_renew_button: '💳 Renew the subscription',
  'fallback.unknown_command': 'I do not know that command. Here is the menu:',
  'fallback.unsupported': 'I can only read text and buttons. Here is the menu:',
  'fallback.too_long': 'That message is too long for me. Please use the menu:',
  'fallback.text': 'Please use the buttons below.',
} as const;

/** A key of the client bot's texts. */
export type TextKey = keyof typeof EN;
