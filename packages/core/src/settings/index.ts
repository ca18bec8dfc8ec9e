export * from './settings.js';
export { settingsTextQuery } from './settings.repository.js';
export {
  getSettings,
  listTextTemplates,
  parseSettingsText,
  removeTextTemplate,
  setTextTemplate,
  type TextTemplate,
  type TextTemplateInput,
  TextTemplateInputSchema,
  updateSettings,
  updateSettingsInTransaction,
} from './settings.service.js';
