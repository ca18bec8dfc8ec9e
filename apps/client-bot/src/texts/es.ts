import { BOT_KIT_TEXTS } from '@booking/bot-kit';
import { CONSOLE_ES } from './console/index.js';
import type { TextKey } from './en.js';
import { ERROR_TEXTS } from './errors.js';

/** Español. */
export const ES: Record<TextKey, string> = {
  ...BOT_KIT_TEXTS.es,
  ...CONSOLE_ES,
  ...ERROR_TEXTS.es,
  'start.greeting': '¡Bienvenido a <b>{business}</b>!',
  'start.address': '📍 {address}',
  'start.phone': '📞 {phone}',
  'commands.start': 'Menú principal',
  'commands.book': 'Reservar una cita',
  'commands.my': 'Mis reservas',
  'commands.help': 'Ayuda',
  'menu.prompt': '¿Qué desea hacer?',
  'menu.book': '📅 Reservar',
  'menu.my': '🗂 Mis reservas',
  'menu.waitlist': '⏳ Lista de espera',
  'menu.language': '🌐 Idioma',
  'menu.help': '❓ Ayuda',
  'help.text':
    'Reserve con <b>Reservar</b>: elija un servicio, un especialista, un día y una hora.\nEn <b>Mis reservas</b> puede cancelar o cambiar la hora.\nSi un día está completo, apúntese a la <b>lista de espera</b> y le escribiremos cuando se libere una hora.\nComandos: /start menú, /book, /my, /help.',
  'language.choose': 'Elija su idioma:',
  'language.set': 'Idioma: español.',
  'common.back': '« Atrás',
  'common.menu': '🏠 Menú',
  'common.yes': 'Sí',
  'common.no': 'No',
  'common.minutes': '{n} min',
  'book.no_services':
    'Ahora no hay servicios para reservar en línea. Contacte con nosotros, por favor.',
  'book.choose_service': 'Elija un servicio:',
  'book.service_button': '{name} · {duration} · {price}',
  'book.service_details': '⏱ {duration} · 💳 {price}',
  'book.choose_specialist': 'Elija un especialista:',
  'book.any_specialist': 'Cualquier especialista',
  'book.choose_day':
    '<b>{service}</b> · {specialist}\nElija un día (• quedan pocas horas, ✕ completo, — cerrado):',
  'book.choose_time': '<b>{service}</b> · {specialist}\n{date}: elija una hora',
  'book.day_full':
    'El {date} está completo para <b>{service}</b>. ¿Se apunta a la lista de espera? Le escribiremos si se libera una hora.',
  'book.join_waitlist': '⏳ Apuntarme a la lista',
  'book.summary': '<b>{service}</b>\n👤 {specialist}\n📅 {date}\n🕒 {time}\n💳 {price}',
  'book.confirm_prompt': 'Revise su reserva, por favor:\n\n{summary}',
  'book.confirm': '✅ Confirmar',
  'book.window_notice':
    '⚠️ Faltan menos de {hours} h para la cita: una vez reservada, ya no se podrá cancelar ni cambiar en línea.',
  'book.day_closed': 'Este día no hay citas. Elija otro, por favor.',
  'book.ask_name': '¿A nombre de quién hacemos la reserva?',
  'book.bad_name_characters':
    'El nombre tiene caracteres ocultos o de control. Escriba su nombre con letras (de 2 a 100 caracteres).',
  'book.bad_name': 'Envíe su nombre como texto (de 2 a 100 caracteres).',
  'book.ask_phone':
    'Comparta su número de teléfono con el botón de abajo o escríbalo (por ejemplo +34 612 345 678).',
  'book.share_phone': '📱 Compartir mi número',
  'book.bad_phone':
    'Eso no parece un número de teléfono. Escríbalo con el prefijo del país, por ejemplo +34 612 345 678.',
  'book.foreign_contact':
    'Ese es el contacto de otra persona. Comparta su propio número con el botón de abajo o escríbalo.',
  'book.contact_saved': '¡Gracias, {name}! Su teléfono: {phone}.',
  'book.done': '✅ ¡Reserva hecha!\n\n{summary}\n\nLe recordaremos la cita antes.',
  'book.slot_taken':
    'Lo sentimos, alguien acaba de reservar las {time}. Estas horas siguen libres:',
  'book.cancel_booking': '✖ Cancelar reserva',
  'book.reschedule_booking': '🔁 Cambiar hora',
  'book.expired': 'Esta pantalla de reserva ha caducado. Empiece de nuevo, por favor.',
  'my.none': 'No tiene reservas próximas.',
  'my.title': 'Sus próximas reservas:',
  'my.item': '{date}, {time} · {service}',
  'my.details': '{summary}',
  'my.cancel_prompt': '¿Cancelar esta reserva?\n\n{summary}',
  'my.cancel_yes': 'Sí, cancelar',
  'my.cancelled': 'Su reserva se ha cancelado:\n\n{summary}',
  'my.too_late':
    'La cita empieza en menos de {hours} h, así que ya no se puede cambiar en línea. Contacte directamente con {business}{phone}.',
  'my.phone_suffix': ': {phone}',
  'my.reschedule_title': 'Nueva hora para su reserva:\n\n{summary}',
  'my.rescheduled': '🔁 ¡Hora cambiada!\n\n{summary}',
  'my.not_active': 'Esta reserva ya no está activa.',
  'waitlist.joined':
    'Está en la lista de espera de <b>{service}</b> para el {date}. Le escribiremos en cuanto se libere una hora.',
  'waitlist.already': 'Ya está en la lista de espera de este servicio.',
  'waitlist.none':
    'No está en ninguna lista de espera. Si el día que desea está completo, el calendario le ofrecerá apuntarse a su lista de espera (✕ marca un día completo).',
  'waitlist.title': 'Sus listas de espera:',
  'waitlist.item': '{service} · {dates}',
  'waitlist.leave': '✖ Salir: {service}',
  'waitlist.left': 'Ha salido de la lista de espera de {service}.',
  'waitlist.offer':
    '🎉 ¡Hay una hora libre!\n\n{summary}\n\nLa reservamos para usted {minutes} min, hasta las {until}. ¿La reserva?',
  'waitlist.accept': '✅ Reservar',
  'waitlist.decline': 'No, gracias',
  'waitlist.accepted': '✅ ¡Reserva hecha!\n\n{summary}',
  'waitlist.declined': 'De acuerdo, ofreceremos esta hora a la siguiente persona.',
  'waitlist.expired': 'Lo sentimos, esta oferta ha caducado.',
  'reminder.text': '⏰ Recordatorio: tiene una cita {when}.\n\n{summary}',
  'reminder.when_hours': 'dentro de {hours} h',
  'reminder.when_minutes': 'dentro de {minutes} min',
  'reminder.confirm': '👍 Iré',
  'reminder.confirmed': '¡Gracias, hasta pronto!',
  'feedback.ask': '¿Qué tal su cita? <b>{service}</b> con {specialist}. Valórela, por favor:',
  'feedback.thanks': '¡Gracias por su opinión!',
  'feedback.bad_comment': 'Envíe su comentario como texto, o /skip.',
  'feedback.comment_prompt': '¡Gracias! ¿Algo que añadir? Envíe un comentario o /skip.',
  'feedback.already': 'Ya valoró esta cita. ¡Gracias!',
  'admin.booked': '🆕 Nueva reserva\n{client}{phone}\n\n{summary}',
  'admin.cancelled': '✖ Reserva cancelada por {by}\n{client}{phone}\n\n{summary}',
  'admin.rescheduled': '🔁 Reserva cambiada\n{client}{phone}\nAntes: {old}\n\n{summary}',
  'admin.by_client': 'el cliente',
  'admin.by_staff': 'el personal',
  suspended:
    'Las reservas en línea de <b>{business}</b> no están disponibles por ahora. Contacte con nosotros directamente.',
  suspended_owner:
    '⏸ <b>{business}</b> está en pausa: su suscripción ha terminado y los clientes ven que las reservas en línea no están disponibles. No se ha borrado nada. Renuévela en @{sales} y las reservas se abren de nuevo en cuanto llegue el pago.',
  suspended_admin:
    '⏸ <b>{business}</b> está en pausa: su suscripción ha terminado y los clientes ven que las reservas en línea no están disponibles. El propietario puede renovarla en @{sales}.',
  suspended_platform:
    '⏸ La plataforma ha pausado <b>{business}</b> y los clientes ven que las reservas en línea no están disponibles. Contacte, por favor, con el soporte de la plataforma.',
  suspended_renew_button: '💳 Renovar la suscripción',
  'fallback.unknown_command': 'No conozco ese comando. Aquí está el menú:',
  'fallback.unsupported': 'Solo entiendo texto y botones. Aquí está el menú:',
  'fallback.too_long': 'Ese mensaje es demasiado largo. Use el menú, por favor:',
  'fallback.text': 'Use los botones de abajo, por favor.',
};
