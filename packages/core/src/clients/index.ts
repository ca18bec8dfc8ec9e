export * from './clients.js';
export {
  findClientByTelegramId,
  getClient,
  listClients,
  setClientBlocked,
  updateClient,
  upsertClient,
} from './clients.service.js';
