export * from './clients.js';
export {
  findClientByTelegramId,
  getClient,
  listClients,
  lockClient,
  setClientBlocked,
  updateClient,
  upsertClient,
} from './clients.service.js';
export { formatPhone, parsePhone, phoneRegionOf } from './phone.js';
