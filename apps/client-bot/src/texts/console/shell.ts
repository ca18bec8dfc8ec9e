/**
 * Texts of the console's shell: the Manage entry, the console menu, refusals.
 * The pattern of every console area: `en` is the reference (`as const`), `ru` and `es`
 * must have exactly its keys; texts/console/index.ts spreads each area into EN, RU, ES.
 */
const en = {
  'console.manage': '⚙️ Manage',
  'console.title': '⚙️ <b>Console</b> · {business}\nYou are {role}. What would you like to manage?',
  'console.role.owner': 'the owner',
  'console.role.admin': 'an admin',
  'console.role.staff': 'a specialist',
  'console.home': '⚙️ Console',
  'console.customer_view': '👁 Customer menu',
  'console.refused': 'This is only for the business team.',
  'console.refused_role': 'Your role cannot do this. Ask the owner.',
  'console.refused_schedule': 'You can only manage your own schedule.',
  'console.no_sections': 'Nothing to manage here for your role yet.',
} as const;

type ShellKey = keyof typeof en;

const ru: Record<ShellKey, string> = {
  'console.manage': '⚙️ Управление',
  'console.title': '⚙️ <b>Управление</b> · {business}\nВы {role}. Чем займёмся?',
  'console.role.owner': 'владелец',
  'console.role.admin': 'администратор',
  'console.role.staff': 'специалист',
  'console.home': '⚙️ Управление',
  'console.customer_view': '👁 Меню клиента',
  'console.refused': 'Это доступно только команде заведения.',
  'console.refused_role': 'Вашей роли это недоступно. Обратитесь к владельцу.',
  'console.refused_schedule': 'Вы можете управлять только своим расписанием.',
  'console.no_sections': 'Для вашей роли здесь пока нечего настраивать.',
};

const es: Record<ShellKey, string> = {
  'console.manage': '⚙️ Gestionar',
  'console.title': '⚙️ <b>Consola</b> · {business}\nUsted es {role}. ¿Qué desea gestionar?',
  'console.role.owner': 'el propietario',
  'console.role.admin': 'administrador',
  'console.role.staff': 'especialista',
  'console.home': '⚙️ Consola',
  'console.customer_view': '👁 Menú del cliente',
  'console.refused': 'Esto es solo para el equipo del negocio.',
  'console.refused_role': 'Su rol no permite hacer esto. Consulte al propietario.',
  'console.refused_schedule': 'Solo puede gestionar su propia agenda.',
  'console.no_sections': 'Aún no hay nada que gestionar para su rol.',
};

export const SHELL_TEXTS = { en, ru, es };
