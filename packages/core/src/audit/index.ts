export { type AuditEntry, type AuditRecord, listAuditLog, recordAudit } from './audit.js';
