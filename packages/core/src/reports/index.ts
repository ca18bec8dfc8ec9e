export * from './reports.js';
export {
  csvField,
  exportBookingsCsv,
  exportBookingsCsvFile,
  getBookingStatistics,
} from './reports.service.js';
