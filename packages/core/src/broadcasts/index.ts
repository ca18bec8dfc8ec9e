export * from './broadcasts.js';
export {
  broadcastDeliveryKey,
  countBroadcastAudience,
  createBroadcast,
  findSendingBroadcasts,
  finishBroadcast,
  getBroadcast,
  getBroadcastCounts,
  listPendingRecipients,
  sendToRecipient,
  setBroadcastProgressMessage,
} from './broadcasts.service.js';
