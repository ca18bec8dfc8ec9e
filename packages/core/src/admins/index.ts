export * from './admins.js';
export {
  addAdmin,
  changeAdminRole,
  ensureOwnerAdmin,
  ensureOwnerAdminInTransaction,
  findAdminByTelegramId,
  getAdmin,
  listAdmins,
  type RefusedAccess,
  recordRefusedAccess,
  removeAdmin,
} from './admins.service.js';
