export * from './settings.js';
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
} from './settings.service.js';
