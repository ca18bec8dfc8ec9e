export {
  type AuditEntry,
  type AuditPage,
  type AuditRecord,
  auditedChange,
  listAuditLog,
  pageAuditLog,
  recordAudit,
} from './audit.js';
