export * from './clients.js';
export {
  addClientByPhone,
  findClientByTelegramId,
  getClient,
  listClients,
  lockClient,
  setClientBlocked,
  updateClient,
  upsertClient,
} from './clients.service.js';
export { formatPhone, parsePhone, phoneRegionOf } from './phone.js';
