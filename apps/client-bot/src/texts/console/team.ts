/** Texts of the console's team area: members, roles, invites. */
const en = {
  'team.section': '👥 Team',
  'team.title': '👥 <b>Team</b>\n{members}',
  'team.member': '{name} · {role}',
  'team.role.owner': 'owner',
  'team.role.admin': 'admin',
  'team.role.staff': 'specialist',
  'team.invite_admin': '➕ Invite an admin',
  'team.invite_staff': '➕ Invite a specialist',
  'team.by_contact': '📇 Add by contact',
  'team.card': '<b>{name}</b> · {role}\nTelegram id: {id}',
  'team.make_owner': '⭐ Make owner',
  'team.make_admin': '🛠 Make admin',
  'team.make_staff': '✂️ Make specialist',
  'team.remove': '🗑 Remove',
  'team.remove_confirm':
    'Remove <b>{name}</b> from the team? They lose access to the console at once.',
  'team.removed': '{name} was removed from the team.',
  'team.role_changed': '{name} is now {role}.',
  'team.owner_protected': 'An owner cannot be removed. Make them an admin first.',
  'team.last_owner': 'This is the only owner: make someone else the owner first.',
  'team.pick_specialist':
    'Which specialist will use the link? They will see their own schedule only.',
  'team.no_specialists': 'Add the specialist in the catalogue first.',
  'team.invite_link': 'Send this link to the new {role}. It works once, for 24 hours:\n\n{link}',
  'team.ask_contact': 'Share the person’s contact here (📎 → Contact). They become {role}.',
  'team.contact_no_account':
    'That contact has no Telegram account linked. Share a contact of a Telegram user.',
  'team.added': '{name} joined the team as {role}.',
  'team.already': 'This person is already on the team.',
  'team.join_welcome':
    'Welcome to the team of <b>{business}</b>! You are {role}. Open /admin to start.',
  'team.join_invalid':
    'This invite link is not valid: it was used, expired or mistyped. Ask the owner for a new one.',
  'team.join_already': 'You are already on the team. Open /admin.',
} as const;

type TeamKey = keyof typeof en;

const ru: Record<TeamKey, string> = {
  'team.section': '👥 Команда',
  'team.title': '👥 <b>Команда</b>\n{members}',
  'team.member': '{name} · {role}',
  'team.role.owner': 'владелец',
  'team.role.admin': 'администратор',
  'team.role.staff': 'специалист',
  'team.invite_admin': '➕ Пригласить администратора',
  'team.invite_staff': '➕ Пригласить специалиста',
  'team.by_contact': '📇 Добавить по контакту',
  'team.card': '<b>{name}</b> · {role}\nTelegram id: {id}',
  'team.make_owner': '⭐ Сделать владельцем',
  'team.make_admin': '🛠 Сделать администратором',
  'team.make_staff': '✂️ Сделать специалистом',
  'team.remove': '🗑 Удалить',
  'team.remove_confirm': 'Удалить <b>{name}</b> из команды? Доступ к управлению пропадёт сразу.',
  'team.removed': '{name} удалён(а) из команды.',
  'team.role_changed': '{name} теперь {role}.',
  'team.owner_protected': 'Владельца нельзя удалить. Сначала сделайте его администратором.',
  'team.last_owner': 'Это единственный владелец: сначала назначьте владельцем другого.',
  'team.pick_specialist': 'Какой специалист получит ссылку? Он увидит только своё расписание.',
  'team.no_specialists': 'Сначала добавьте специалиста в каталоге.',
  'team.invite_link':
    'Отправьте эту ссылку (роль: {role}). Она действует один раз, 24 часа:\n\n{link}',
  'team.ask_contact': 'Поделитесь здесь контактом человека (📎 → Контакт). Роль: {role}.',
  'team.contact_no_account':
    'У этого контакта нет аккаунта Telegram. Поделитесь контактом пользователя Telegram.',
  'team.added': '{name} в команде, роль: {role}.',
  'team.already': 'Этот человек уже в команде.',
  'team.join_welcome':
    'Добро пожаловать в команду <b>{business}</b>! Ваша роль: {role}. Откройте /admin.',
  'team.join_invalid':
    'Ссылка-приглашение недействительна: использована, истекла или с ошибкой. Попросите владельца о новой.',
  'team.join_already': 'Вы уже в команде. Откройте /admin.',
};

const es: Record<TeamKey, string> = {
  'team.section': '👥 Equipo',
  'team.title': '👥 <b>Equipo</b>\n{members}',
  'team.member': '{name} · {role}',
  'team.role.owner': 'propietario',
  'team.role.admin': 'administrador',
  'team.role.staff': 'especialista',
  'team.invite_admin': '➕ Invitar a un administrador',
  'team.invite_staff': '➕ Invitar a un especialista',
  'team.by_contact': '📇 Añadir por contacto',
  'team.card': '<b>{name}</b> · {role}\nId de Telegram: {id}',
  'team.make_owner': '⭐ Hacer propietario',
  'team.make_admin': '🛠 Hacer administrador',
  'team.make_staff': '✂️ Hacer especialista',
  'team.remove': '🗑 Quitar',
  'team.remove_confirm':
    '¿Quitar a <b>{name}</b> del equipo? Pierde el acceso a la consola al instante.',
  'team.removed': '{name} ya no está en el equipo.',
  'team.role_changed': '{name} ahora es {role}.',
  'team.owner_protected': 'Un propietario no se puede quitar. Hágalo administrador primero.',
  'team.last_owner': 'Es el único propietario: nombre antes a otro propietario.',
  'team.pick_specialist': '¿Qué especialista usará el enlace? Solo verá su propia agenda.',
  'team.no_specialists': 'Añada primero al especialista en el catálogo.',
  'team.invite_link':
    'Envíe este enlace al nuevo {role}. Funciona una vez, durante 24 horas:\n\n{link}',
  'team.ask_contact': 'Comparta aquí el contacto de la persona (📎 → Contacto). Será {role}.',
  'team.contact_no_account':
    'Ese contacto no tiene cuenta de Telegram. Comparta el contacto de un usuario de Telegram.',
  'team.added': '{name} se unió al equipo como {role}.',
  'team.already': 'Esta persona ya está en el equipo.',
  'team.join_welcome':
    '¡Bienvenido al equipo de <b>{business}</b>! Usted es {role}. Abra /admin para empezar.',
  'team.join_invalid':
    'Este enlace de invitación no es válido: se usó, caducó o está mal escrito. Pida uno nuevo al propietario.',
  'team.join_already': 'Ya está en el equipo. Abra /admin.',
};

export const TEAM_TEXTS = { en, ru, es };
