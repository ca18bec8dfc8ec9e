/** The owner's console, broadcast: composing, the progress and the final report. */
const en = {
  'console.section.broadcast': '📣 Broadcast',
  'console.broadcast.ask':
    '📣 <b>Broadcast</b>\nWrite the message for all your clients who have a chat with the bot ({count}). Plain text, up to 4096 characters.',
  'console.broadcast.no_audience':
    'No client has a chat with the bot yet, so there is nobody to send a broadcast to.',
  'console.broadcast.bad_text': 'Please send the message as text, from 1 to 4096 characters.',
  'console.broadcast.preview_title': '👀 Preview: your clients will get the message below.',
  'console.broadcast.confirm': 'Send this message to {count} clients?',
  'console.broadcast.send': '✅ Send',
  'console.broadcast.edit': '✏️ Rewrite',
  'console.broadcast.nothing': 'Nothing to send: write the message again.',
  'console.broadcast.progress': '📣 Broadcast: sending… {done} of {total}',
  'console.broadcast.progress_done': '📣 Broadcast: sent to {done} of {total}.',
  'console.broadcast.report':
    '📣 <b>Broadcast finished</b>\nRecipients: {total}\n✅ Delivered: {sent}\n🚫 Blocked the bot: {blocked}\n⚠️ Failed: {failed}',
  'console.broadcast.report_unknown':
    '❔ Unconfirmed: {unknown} (the bot stopped while sending; not sent again)',
} as const;

const ru: Record<keyof typeof en, string> = {
  'console.section.broadcast': '📣 Рассылка',
  'console.broadcast.ask':
    '📣 <b>Рассылка</b>\nНапишите сообщение для всех клиентов, у которых есть чат с ботом ({count}). Обычный текст, до 4096 символов.',
  'console.broadcast.no_audience':
    'Ни у одного клиента ещё нет чата с ботом, поэтому рассылку отправить некому.',
  'console.broadcast.bad_text': 'Пришлите сообщение текстом, от 1 до 4096 символов.',
  'console.broadcast.preview_title': '👀 Предпросмотр: клиенты получат сообщение ниже.',
  'console.broadcast.confirm': 'Отправить это сообщение {count} клиентам?',
  'console.broadcast.send': '✅ Отправить',
  'console.broadcast.edit': '✏️ Переписать',
  'console.broadcast.nothing': 'Нечего отправлять: напишите сообщение заново.',
  'console.broadcast.progress': '📣 Рассылка: отправляется… {done} из {total}',
  'console.broadcast.progress_done': '📣 Рассылка: отправлено {done} из {total}.',
  'console.broadcast.report':
    '📣 <b>Рассылка завершена</b>\nПолучателей: {total}\n✅ Доставлено: {sent}\n🚫 Заблокировали бота: {blocked}\n⚠️ Не удалось: {failed}',
  'console.broadcast.report_unknown':
    '❔ Без подтверждения: {unknown} (бот остановился во время отправки; повторно не отправлялось)',
};

const es: Record<keyof typeof en, string> = {
  'console.section.broadcast': '📣 Difusión',
  'console.broadcast.ask':
    '📣 <b>Difusión</b>\nEscriba el mensaje para todos sus clientes que tienen un chat con el bot ({count}). Texto simple, hasta 4096 caracteres.',
  'console.broadcast.no_audience':
    'Ningún cliente tiene todavía un chat con el bot: no hay a quién enviar la difusión.',
  'console.broadcast.bad_text': 'Envíe el mensaje como texto, de 1 a 4096 caracteres.',
  'console.broadcast.preview_title': '👀 Vista previa: sus clientes recibirán el mensaje de abajo.',
  'console.broadcast.confirm': '¿Enviar este mensaje a {count} clientes?',
  'console.broadcast.send': '✅ Enviar',
  'console.broadcast.edit': '✏️ Reescribir',
  'console.broadcast.nothing': 'Nada que enviar: escriba el mensaje de nuevo.',
  'console.broadcast.progress': '📣 Difusión: enviando… {done} de {total}',
  'console.broadcast.progress_done': '📣 Difusión: enviada a {done} de {total}.',
  'console.broadcast.report':
    '📣 <b>Difusión terminada</b>\nDestinatarios: {total}\n✅ Entregados: {sent}\n🚫 Bloquearon el bot: {blocked}\n⚠️ Fallidos: {failed}',
  'console.broadcast.report_unknown':
    '❔ Sin confirmar: {unknown} (el bot se detuvo durante el envío; no se reenvió)',
};

export const BROADCAST_TEXTS = { en, ru, es };
