/** The owner's console: the audit viewer. */
const en = {
  'console.section.audit': '🧾 Audit log',
  'console.audit.title': '🧾 <b>Audit log</b>, newest first (page {page})',
  'console.audit.empty': '🧾 <b>Audit log</b>\nNothing recorded yet.',
  'console.audit.line': '{when} · {actor}\n{action} {target}',
  'console.audit.older': 'Older ▶',
  'console.audit.newest': '◀ Newest',
} as const;

const ru: Record<keyof typeof en, string> = {
  'console.section.audit': '🧾 Журнал действий',
  'console.audit.title': '🧾 <b>Журнал действий</b>, сначала новые (страница {page})',
  'console.audit.empty': '🧾 <b>Журнал действий</b>\nПока ничего не записано.',
  'console.audit.line': '{when} · {actor}\n{action} {target}',
  'console.audit.older': 'Раньше ▶',
  'console.audit.newest': '◀ Последние',
};

const es: Record<keyof typeof en, string> = {
  'console.section.audit': '🧾 Registro',
  'console.audit.title': '🧾 <b>Registro de acciones</b>, recientes primero (página {page})',
  'console.audit.empty': '🧾 <b>Registro de acciones</b>\nAún no hay nada registrado.',
  'console.audit.line': '{when} · {actor}\n{action} {target}',
  'console.audit.older': 'Anteriores ▶',
  'console.audit.newest': '◀ Recientes',
};

export const AUDIT_TEXTS = { en, ru, es };
