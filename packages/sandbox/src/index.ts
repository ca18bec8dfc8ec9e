export * from './client/chat-transport.js';
export * from './client/sandbox-chat.js';
export * from './sandbox.js';
export * from './telegram/telegram-emulator.js';
export * from './telegram/transcript.js';
