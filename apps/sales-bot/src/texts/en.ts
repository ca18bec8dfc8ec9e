import { BOT_KIT_TEXTS } from '@booking/bot-kit';
import { ERROR_TEXTS } from './errors.js';

/** The sales bot's English texts: the reference every other locale falls back to. */
export const EN = {
  ...BOT_KIT_TEXTS.en,
  ...ERROR_TEXTS.en,
  'start.pitch':
    '<b>Your own Telegram booking bot, live in minutes.</b>\n\nYour customers pick a service, a specialist, a day and a time; they get reminders, and you get every booking, cancellation and change in Telegram. No app to install, no website needed.\n\nTry the demo salon, compare the plans, and buy one: you pay, paste your bot token, and your bot starts taking bookings.',
  'start.resume': 'You have a paid bot waiting to be set up. Tap “Set up my bot” to continue.',
  'menu.demo': '👀 Try the demo',
  'menu.plans': '💳 Plans and prices',
  'menu.faq': '❓ FAQ',
  'menu.support': '💬 Support',
  'menu.my_bots': '🤖 My bots',
  'menu.setup': '🛠 Set up my bot',
  'plans.title': '<b>Plans</b> (all features in every plan; you choose how long you pay for):',
  'plans.line': '• <b>{name}</b>: {price} for {days} days ({perMonth} a month)',
  'plans.includes':
    'Every plan includes: your own bot under your name, unlimited bookings and customers, specialists and services, working hours and days off, reminders, waitlist, reports, and support.',
  'plans.trial':
    'Your first bot can start with a free {days}-day trial, once per Telegram account.',
  'plans.buy': 'Buy {name}: {price}',
  'plans.trial_button': '🎁 Free {days}-day trial',
  'faq.text':
    '<b>Frequently asked questions</b>\n\n<b>What do I need?</b> A Telegram account. You create a bot with @BotFather (we show you how, step by step) and paste its token here.\n\n<b>How do I pay?</b> By card through YooKassa; you get a receipt by email.\n\n<b>What happens when my plan ends?</b> We remind you 7, 3 and 1 days before. If it is not renewed, your bot tells customers that booking is paused until you renew; nothing is deleted.\n\n<b>Can it renew automatically?</b> Yes, if you agree at checkout; you can switch it off at any time under “My bots”.\n\n<b>Can I move to another plan?</b> Yes: a renewal with any plan adds its days to your current period.',
  'support.text': 'Questions or trouble? Write to us: {contact}',
  'demo.text': 'Open the demo salon’s bot and book an appointment as a customer would: {link}',
  'checkout.plan_unknown': 'This plan is no longer sold. Please pick one from the list.',
  'checkout.ask_business':
    'You chose <b>{plan}</b> ({price} for {days} days).\n\nWhat is your business called? (Your customers will see it; 1 to 100 characters.)',
  'checkout.business_invalid':
    'Please send the name of your business as text, 1 to 100 characters, for example “Aurora Salon”.',
  'checkout.ask_email': 'Where should we send the payment receipt? Please send an email address.',
  'checkout.email_invalid':
    'That is not an email address we can send a receipt to. Please send one such as anna@example.com.',
  'checkout.ask_auto_renew':
    '<b>Auto-renewal</b> (optional)\n\nWe can charge your card <b>{price}</b> every <b>{days} days</b> for the <b>{plan}</b> plan, 3 days before your paid period ends, so your bot never pauses. We warn you the day before each charge. You can switch it off at any time under “My bots” → “Turn off auto-renewal”; switching it off stops future charges.',
  'checkout.auto_renew_on': '✅ Yes, renew automatically',
  'checkout.auto_renew_off': 'No, I will renew myself',
  'checkout.pay':
    'Order #{order}: <b>{plan}</b>, {days} days, <b>{price}</b>{auto}.\nReceipt to {email}.\n\nTap “Pay” to pay on the YooKassa page, then come back and tap “I have paid”.',
  'checkout.pay_auto': ', auto-renewal on',
  'checkout.pay_button': '💳 Pay {price}',
  'checkout.paid_button': '✅ I have paid',
  'checkout.still_pending':
    'We have not received the payment yet. If you have paid, wait a few seconds and tap “I have paid” again.',
  'checkout.canceled':
    'The payment did not go through ({reason}). Nothing was charged and no bot was created. You can try again.',
  'checkout.try_again': '🔁 Try again',
  'checkout.unavailable':
    'The payment service is not answering right now. Please try again in a minute.',
  'checkout.paid': '✅ Payment received: <b>{plan}</b>, paid until {until}.',
  'checkout.renewed': '✅ Payment received. <b>@{bot}</b> is paid until {until}.',
  'cancel.expired': 'the payment page expired',
  'cancel.declined': 'the bank declined it',
  'cancel.insufficient_funds': 'insufficient funds',
  'cancel.card_expired': 'the card has expired',
  'cancel.other': 'it was canceled',
  'trial.refused':
    'The free trial is for an owner’s first bot and only once per Telegram account. Please pick a plan.',
  'trial.started': '🎁 Your free trial runs until {until}.',
  'onboarding.steps':
    '<b>Now let’s create your bot</b> (2 minutes):\n\n1. Open @BotFather in Telegram and send /newbot.\n2. Send the name your customers will see, for example “{business}”.\n3. Send a username ending in “bot”, for example <code>aurora_salon_bot</code>.\n4. BotFather answers with a token like <code>123456789:AAE…</code>. Copy it and send it here.\n\nThe token is stored encrypted and used only to run your bot.',
  'onboarding.ask_token':
    'Please send the token BotFather gave you (digits, a colon, then letters and digits).',
  'onboarding.token_invalid':
    'This does not look like a bot token. It looks like <code>123456789:AAE…</code>: digits, a colon, then 35 letters, digits, - or _. Please copy it from BotFather again.',
  'onboarding.token_rejected':
    'Telegram does not accept this token: it is wrong or was revoked. Open @BotFather, send /mybots → your bot → API Token, and send the current token here. Your payment is kept.',
  'onboarding.token_taken':
    'This bot already serves another business. Please create a new bot with @BotFather (/newbot) and send its token. Your payment is kept.',
  'onboarding.checking': 'Checking the token…',
  'onboarding.unavailable':
    'We could not reach Telegram to check the token. Please send it again in a minute. Your payment is kept.',
  'onboarding.done':
    '🎉 <b>@{bot} is live</b>, paid until {until}.\n\nOpen it and press Start: it walks you through the first setup (services, specialists, working hours). Share the link with your customers: {link}',
  'onboarding.open_bot': 'Open @{bot}',
  'onboarding.nothing': 'There is no paid bot waiting to be set up. Pick a plan to buy one.',
  'my_bots.none': 'You have no bots yet. Pick a plan to get one.',
  'my_bots.line': '🤖 <b>@{bot}</b> ({status}): paid until {until}; auto-renewal {autoRenew}.',
  'my_bots.pending_line': '🛠 A paid bot waiting to be set up (paid until {until}).',
  'my_bots.status_active': 'active',
  'my_bots.status_suspended': 'paused: not paid',
  'my_bots.auto_on': 'on',
  'my_bots.auto_off': 'off',
  'my_bots.renew': 'Renew @{bot}',
  'my_bots.auto_disable': 'Turn off auto-renewal for @{bot}',
  'my_bots.auto_disabled': 'Auto-renewal of @{bot} is off. No further charges will be made.',
  'my_bots.renew_pick': 'Which plan should renew @{bot}? Its days are added to the current period.',
  'my_bots.renew_unsubscribed':
    '@{bot} is not on a plan bought here, so it cannot be renewed in this bot. Please write to {contact}.',
  'notice.expiry':
    '⏳ The plan of <b>@{bot}</b> ends in {days} days ({until}). Renew to keep taking bookings: {link}',
  'notice.renewal_warning':
    '💳 Tomorrow we will charge your saved card for the next period of <b>@{bot}</b> (paid until {until}). To stop it, turn off auto-renewal under “My bots”: {link}',
  'notice.renewal_failed':
    '⚠️ We could not charge your card for <b>@{bot}</b> ({reason}). Renew by hand before {until} to keep it running: {link}',
  'notice.suspended':
    '⛔ The plan of <b>@{bot}</b> ended, so it tells customers that booking is paused. Nothing is deleted: renew and it works again at once: {link}',
  'notice.renewed': '✅ <b>@{bot}</b> renewed automatically, paid until {until}.',
  'failure.card_expired': 'the card has expired',
  'failure.insufficient_funds': 'insufficient funds',
  'failure.permission_revoked': 'the permission to charge the card was revoked',
  'failure.declined': 'the bank declined the charge',
  'fallback.text': 'Please use the buttons below.',
  'fallback.unsupported': 'I only understand text and buttons. Please use the buttons below.',
} as const;

/** A key of the sales bot's texts. */
export type TextKey = keyof typeof EN;
