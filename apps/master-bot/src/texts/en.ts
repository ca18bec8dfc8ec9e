import { BOT_KIT_TEXTS } from '@booking/bot-kit';
import { ERROR_TEXTS } from './errors.js';

/** The master bot's words in English; {@link TextKey} comes from here. */
export const EN = {
  ...BOT_KIT_TEXTS.en,
  ...ERROR_TEXTS.en,
  'menu.title': 'Operator console',
  'menu.tenants': 'Tenants',
  'menu.expiring': 'Expiring in 7 days',
  'menu.stats': 'Statistics',
  'menu.broadcast': 'Message to owners',
  'list.title': 'Tenants ({filter}): {total}, page {page} of {pages}',
  'list.empty': 'No tenants match.',
  'list.search': 'Search "{query}"',
  'list.hint': 'Search: /find followed by a slug, bot username, business name or owner id.',
  'filter.all': 'all',
  'filter.active': 'active',
  'filter.suspended': 'suspended',
  'filter.expiring': 'expiring in 7 days',
  'button.prev': '‹ Back',
  'button.next': 'Next ›',
  'button.menu': 'Menu',
  'button.list': 'To the list',
  'card.text':
    'Tenant {slug}\nStatus: {status}\nPlan: {plan}\nPaid until: {paidUntil}\nBot: {bot} ({botStatus})\nOwner: {owner}\nBookings in 30 days: {bookings}\nLast customer activity: {lastActivity}\nServed by: {servedBy}',
  'card.none': '—',
  'status.active': 'active',
  'status.suspended': 'suspended',
  'status.deleted': 'deleted',
  'bot.ok': 'token works',
  'bot.token_rejected': 'TOKEN REJECTED',
  'served.pinned': 'its own container (pinned)',
  'served.fleet': 'fleet: {instances}',
  'served.none': 'no process reports it',
  'action.suspend': 'Suspend',
  'action.resume': 'Resume',
  'action.pin': 'Pin',
  'action.unpin': 'Unpin',
  'action.extend': 'Extend (payment)',
  'action.plan': 'Change plan',
  'action.delete': 'Delete',
  'action.done': 'Done.',
  'extend.ask':
    'Extend {slug}: send the amount in roubles, the days, and a comment, e.g.\n1500 30 bank transfer',
  'extend.invalid':
    'Expected: amount (a number such as 1500 or 1500.50), days (1 to 3660), then an optional comment. Try again or /cancel.',
  'extend.done': 'Payment of {amount} recorded; {slug} is paid until {paidUntil}.',
  'plan.ask': 'New plan for {slug} (now {plan}): send the plan code, e.g. standard.',
  'plan.invalid': 'Expected a plan code of 1 to 40 letters, digits, - or _. Try again or /cancel.',
  'plan.unknown': 'There is no plan {plan}. Plans: {codes}. Try again or /cancel.',
  'plan.done': '{slug} is now on plan {plan}.',
  'delete.ask':
    'Deleting {slug} drops every booking and cannot be undone. Type the slug {slug} to confirm, or /cancel.',
  'delete.mismatch': 'That is not {slug}. Nothing was deleted. Type the slug exactly, or /cancel.',
  'delete.done': 'Tenant {slug} deleted.',
  'input.cancelled': 'Cancelled.',
  'stats.text':
    'Tenants: {active} active, {suspended} suspended, {deleted} deleted\n\nNew / churned per month:\n{months}\n\nRevenue per month:\n{revenue}\n\nBookings per day (14 days):\n{bookings}\n\nTrial conversion: {converted} of {trialTotal} ({rate})',
  'stats.none': 'none yet',
  'broadcast.ask':
    'Send the message for tenant owners. Audience: {audience}. Change it with /broadcast all | active | suspended | expiring.',
  'broadcast.confirm': 'Send this to {count} owner(s) ({audience})?\n\n{text}',
  'broadcast.send': 'Send',
  'broadcast.cancel': 'Cancel',
  'broadcast.progress': 'Sending: {done} of {count}…',
  'broadcast.report':
    'Message sent: {sent} delivered, {failed} failed, {skipped} without an owner.',
  'broadcast.report_unknown':
    '{unknown} were being sent when the bot stopped: they may have arrived, so they were not sent again.',
  'broadcast.empty': 'No owner matches this audience.',
  'broadcast.invalid':
    'Expected the text of the message, 1 to 3000 characters. Try again or /cancel.',
  'alert.token_rejected': '🔴 Telegram rejects the bot token of tenant {subject}.',
  'alert.token_rejected.cleared': '🟢 Tenant {subject} has a working bot token again.',
  'alert.heartbeat': '🔴 Fleet process {subject} stopped reporting (last seen {seconds} s ago).',
  'alert.heartbeat.cleared': '🟢 Fleet process {subject} reports again.',
  'alert.payments': '🔴 Payments are failing: {count} failures in the last hour.',
  'alert.payments.cleared': '🟢 Payments go through again.',
  'alert.queue': '🔴 Queue {subject} is backing up: {count} jobs waiting.',
  'alert.queue.cleared': '🟢 Queue {subject} is back to normal.',
};

/** A key of the master bot's texts. */
export type TextKey = keyof typeof EN;
