export * from './reports.js';
export { csvField, exportBookingsCsv, getBookingStatistics } from './reports.service.js';
