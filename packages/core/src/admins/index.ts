export {
  ADMIN_INVITE_PREFIX,
  ADMIN_INVITE_TTL_HOURS,
  type AdminInvite,
  type AdminInviteInput,
  AdminInviteInputSchema,
  acceptAdminInvite,
  createAdminInvite,
} from './admin-invites.js';
export * from './admins.js';
export {
  addAdmin,
  changeAdminRole,
  ensureOwnerAdmin,
  ensureOwnerAdminInTransaction,
  findAdminByTelegramId,
  getAdmin,
  getTeamManager,
  listAdmins,
  type RefusedAccess,
  recordRefusedAccess,
  removeAdmin,
} from './admins.service.js';
