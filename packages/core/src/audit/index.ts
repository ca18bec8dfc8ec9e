export {
  type AuditEntry,
  type AuditRecord,
  auditedChange,
  listAuditLog,
  recordAudit,
} from './audit.js';
