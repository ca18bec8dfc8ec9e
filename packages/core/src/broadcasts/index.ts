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
  type SendToRecipientOptions,
  sendToRecipient,
  setBroadcastProgressMessage,
} from './broadcasts.service.js';
