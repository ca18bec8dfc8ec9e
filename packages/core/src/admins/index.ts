export * from './admins.js';
export {
  addAdmin,
  changeAdminRole,
  findAdminByTelegramId,
  getAdmin,
  listAdmins,
  removeAdmin,
} from './admins.service.js';
