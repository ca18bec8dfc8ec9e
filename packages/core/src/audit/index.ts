export {
  type AuditEntry,
  type AuditPage,
  type AuditRecord,
  listAuditLog,
  pageAuditLog,
  recordAudit,
} from './audit.js';
