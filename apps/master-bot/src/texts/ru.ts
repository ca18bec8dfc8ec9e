import { BOT_KIT_TEXTS } from '@booking/bot-kit';
import type { TextKey } from './en.js';
import { ERROR_TEXTS } from './errors.js';

/** The master bot's words in Russian. */
export const RU: Record<TextKey, string> = {
  ...BOT_KIT_TEXTS.ru,
  ...ERROR_TEXTS.ru,
  'menu.title': 'Пульт оператора',
  'menu.tenants': 'Клиенты',
  'menu.expiring': 'Истекают за 7 дней',
  'menu.stats': 'Статистика',
  'menu.broadcast': 'Сообщение владельцам',
  'list.title': 'Клиенты ({filter}): {total}, страница {page} из {pages}',
  'list.empty': 'Никого не нашлось.',
  'list.search': 'Поиск «{query}»',
  'list.hint': 'Поиск: /find и slug, имя бота, название бизнеса или id владельца.',
  'filter.all': 'все',
  'filter.active': 'активные',
  'filter.suspended': 'приостановленные',
  'filter.expiring': 'истекают за 7 дней',
  'button.prev': '‹ Назад',
  'button.next': 'Дальше ›',
  'button.menu': 'Меню',
  'button.list': 'К списку',
  'card.text':
    'Клиент {slug}\nСтатус: {status}\nТариф: {plan}\nОплачен до: {paidUntil}\nБот: {bot} ({botStatus})\nВладелец: {owner}\nЗаписей за 30 дней: {bookings}\nПоследняя активность клиентов: {lastActivity}\nОбслуживает: {servedBy}',
  'card.none': '—',
  'status.active': 'активен',
  'status.suspended': 'приостановлен',
  'status.deleted': 'удалён',
  'bot.ok': 'токен работает',
  'bot.token_rejected': 'ТОКЕН ОТКЛОНЁН',
  'served.pinned': 'свой контейнер (закреплён)',
  'served.fleet': 'флот: {instances}',
  'served.none': 'ни один процесс о нём не сообщает',
  'action.suspend': 'Приостановить',
  'action.resume': 'Возобновить',
  'action.pin': 'Закрепить',
  'action.unpin': 'Открепить',
  'action.extend': 'Продлить (оплата)',
  'action.plan': 'Сменить тариф',
  'action.delete': 'Удалить',
  'action.done': 'Готово.',
  'extend.ask':
    'Продление {slug}: пришлите сумму в рублях, число дней и комментарий, например\n1500 30 перевод на счёт',
  'extend.invalid':
    'Нужно: сумма (число, например 1500 или 1500.50), дни (от 1 до 3660), затем необязательный комментарий. Попробуйте ещё раз или /cancel.',
  'extend.done': 'Оплата {amount} записана; {slug} оплачен до {paidUntil}.',
  'plan.ask': 'Новый тариф для {slug} (сейчас {plan}): пришлите код тарифа, например standard.',
  'plan.invalid':
    'Нужен код тарифа: от 1 до 40 букв, цифр, - или _. Попробуйте ещё раз или /cancel.',
  'plan.unknown': 'Тарифа {plan} нет. Тарифы: {codes}. Попробуйте снова или /cancel.',
  'plan.done': '{slug} теперь на тарифе {plan}.',
  'delete.ask':
    'Удаление {slug} стирает все записи и необратимо. Напишите slug {slug} для подтверждения или /cancel.',
  'delete.mismatch': 'Это не {slug}. Ничего не удалено. Напишите slug точно или /cancel.',
  'delete.done': 'Клиент {slug} удалён.',
  'input.cancelled': 'Отменено.',
  'stats.text':
    'Клиенты: {active} активны, {suspended} приостановлены, {deleted} удалены\n\nНовые / ушедшие по месяцам:\n{months}\n\nВыручка по месяцам:\n{revenue}\n\nЗаписи по дням (14 дней):\n{bookings}\n\nКонверсия пробного периода: {converted} из {trialTotal} ({rate})',
  'stats.none': 'пока нет',
  'broadcast.ask':
    'Пришлите сообщение для владельцев. Получатели: {audience}. Изменить: /broadcast all | active | suspended | expiring.',
  'broadcast.confirm': 'Отправить это {count} владельцам ({audience})?\n\n{text}',
  'broadcast.send': 'Отправить',
  'broadcast.cancel': 'Отмена',
  'broadcast.progress': 'Отправка: {done} из {count}…',
  'broadcast.report':
    'Рассылка завершена: доставлено {sent}, ошибок {failed}, без владельца {skipped}.',
  'broadcast.report_unknown':
    '{unknown} отправлялись в момент остановки бота: они могли дойти, поэтому повторно не отправлены.',
  'broadcast.empty': 'Нет владельцев для этой выборки.',
  'broadcast.invalid':
    'Нужен текст сообщения, от 1 до 3000 символов. Попробуйте ещё раз или /cancel.',
  'alert.token_rejected': '🔴 Telegram отклоняет токен бота клиента {subject}.',
  'alert.token_rejected.cleared': '🟢 У клиента {subject} снова рабочий токен бота.',
  'alert.heartbeat': '🔴 Процесс флота {subject} перестал отчитываться ({seconds} с назад).',
  'alert.heartbeat.cleared': '🟢 Процесс флота {subject} снова отчитывается.',
  'alert.payments': '🔴 Платежи не проходят: {count} ошибок за последний час.',
  'alert.payments.cleared': '🟢 Платежи снова проходят.',
  'alert.queue': '🔴 Очередь {subject} растёт: {count} задач ждут.',
  'alert.queue.cleared': '🟢 Очередь {subject} в норме.',
};
