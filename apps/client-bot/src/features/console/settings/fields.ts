import type { Settings } from '@booking/core';

/** How a setting is typed in and shown. */
export type FieldKind = 'int' | 'list' | 'text' | 'zone' | 'locale' | 'currency' | 'region';

/** An editable engine setting: its kind and the bounds the hint names. */
export interface SettingField {
  key: keyof Settings;
  kind: FieldKind;
  min?: number;
  max?: number;
}

/**
 * Every engine setting the console edits, in screen order; core's `SettingsSchema`
 * remains the judge of a value. (`defaultWorkingHours` is set per specialist in the
 * catalogue.)
 */
export const SETTING_FIELDS: readonly SettingField[] = [
  { key: 'businessName', kind: 'text', max: 200 },
  { key: 'businessAddress', kind: 'text', max: 500 },
  { key: 'businessPhone', kind: 'text', max: 50 },
  { key: 'timeZone', kind: 'zone' },
  { key: 'slotStepMinutes', kind: 'int', min: 5, max: 240 },
  { key: 'minNoticeMinutes', kind: 'int', min: 0, max: 43_200 },
  { key: 'bookingHorizonDays', kind: 'int', min: 1, max: 366 },
  { key: 'maxActiveBookingsPerClient', kind: 'int', min: 1, max: 100 },
  { key: 'cancellationWindowHours', kind: 'int', min: 0, max: 336 },
  { key: 'reminderOffsetsMinutes', kind: 'list', min: 5, max: 20_160 },
  { key: 'feedbackDelayMinutes', kind: 'int', min: 0, max: 20_160 },
  { key: 'waitlistOfferMinutes', kind: 'int', min: 1, max: 1_440 },
  { key: 'defaultLocale', kind: 'locale' },
  { key: 'currency', kind: 'currency' },
  { key: 'phoneRegion', kind: 'region' },
];

/**
 * Reads a typed value of `field`; `undefined` when it is not of the field's form. The
 * range and the rest are core's to check (`updateSettings`).
 */
export function parseFieldValue(field: SettingField, text: string): unknown {
  const typed = text.trim();
  switch (field.kind) {
    case 'int':
      return /^-?\d{1,9}$/.test(typed) ? Number(typed) : undefined;
    case 'list': {
      const parts = typed.split(/[\s,;]+/).filter((part) => part !== '');
      return parts.length > 0 && parts.every((part) => /^\d{1,9}$/.test(part))
        ? parts.map(Number)
        : undefined;
    }
    case 'text':
      return typed === '-' ? '' : typed.replace(/\s+/g, ' ');
    case 'zone':
      return typed;
    case 'locale':
      return ['ru', 'en', 'es'].includes(typed.toLowerCase()) ? typed.toLowerCase() : undefined;
    case 'currency':
      return typed.toUpperCase();
    case 'region':
      return typed === '-' ? '' : typed.toUpperCase();
  }
}

/** A setting's value as the console shows it. */
export function showFieldValue(value: unknown): string {
  return Array.isArray(value) ? value.join(', ') : String(value ?? '');
}
