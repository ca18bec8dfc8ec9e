/** The owner's console, broadcast: composing, the progress and the final report. */
const en = {
  'console.broadcast.progress': '📣 Broadcast: sending… {done} of {total}',
  'console.broadcast.progress_done': '📣 Broadcast: sent to {done} of {total}.',
  'console.broadcast.report':
    '📣 <b>Broadcast finished</b>\nRecipients: {total}\n✅ Delivered: {sent}\n🚫 Blocked the bot: {blocked}\n⚠️ Failed: {failed}',
  'console.broadcast.report_unknown':
    '❔ Unconfirmed: {unknown} (the bot stopped while sending; not sent again)',
} as const;

const ru: Record<keyof typeof en, string> = {
  'console.broadcast.progress': '📣 Рассылка: отправляется… {done} из {total}',
  'console.broadcast.progress_done': '📣 Рассылка: отправлено {done} из {total}.',
  'console.broadcast.report':
    '📣 <b>Рассылка завершена</b>\nПолучателей: {total}\n✅ Доставлено: {sent}\n🚫 Заблокировали бота: {blocked}\n⚠️ Не удалось: {failed}',
  'console.broadcast.report_unknown':
    '❔ Без подтверждения: {unknown} (бот остановился во время отправки; повторно не отправлялось)',
};

const es: Record<keyof typeof en, string> = {
  'console.broadcast.progress': '📣 Difusión: enviando… {done} de {total}',
  'console.broadcast.progress_done': '📣 Difusión: enviada a {done} de {total}.',
  'console.broadcast.report':
    '📣 <b>Difusión terminada</b>\nDestinatarios: {total}\n✅ Entregados: {sent}\n🚫 Bloquearon el bot: {blocked}\n⚠️ Fallidos: {failed}',
  'console.broadcast.report_unknown':
    '❔ Sin confirmar: {unknown} (el bot se detuvo durante el envío; no se reenvió)',
};

export const BROADCAST_TEXTS = { en, ru, es };
