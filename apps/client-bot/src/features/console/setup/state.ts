/** Callback actions of the first-run setup (see ../callbacks.ts for the naming). */
export const SU = {
  /** Skip the optional step on screen (address, phone). */
  skip: 'su.k',
  /** Keep the tenant's time zone. */
  keepZone: 'su.z',
  /** The owner performs the first service themself. */
  me: 'su.me',
  /** A working-hours preset: its name. */
  preset: 'su.h',
  /** The weekday editor (typed). */
  editDays: 'su.e',
  /** Keep the answer given before (after Back): the step on screen. */
  keep: 'su.ok',
  /** Back to the step before: the step on screen. */
  back: 'su.b',
  /** Leave the setup: every answer stays saved, `/admin` resumes. */
  cancel: 'su.x',
} as const;

/** The input area of the setup's typed answers. */
export const SETUP_AREA = 'su';

/** The setup's steps, in order. */
export const SETUP_STEPS = [
  'name',
  'address',
  'phone',
  'zone',
  'service',
  'duration',
  'price',
  'specialist',
  'hours',
] as const;
/** One of {@link SETUP_STEPS}; `days` is the typed weekday editor of `hours`. */
export type SetupStep = (typeof SETUP_STEPS)[number] | 'days';

/** Whether `value` names a step (callback data is read back as text). */
export function isSetupStep(value: string | undefined): value is SetupStep {
  return value === 'days' || SETUP_STEPS.some((step) => step === value);
}

/** The step Back leads to; `undefined` on the first. */
export function previousStep(step: SetupStep): SetupStep | undefined {
  if (step === 'days') {
    return 'hours';
  }
  return SETUP_STEPS[SETUP_STEPS.indexOf(step) - 1];
}

/** The step after `step` (the weekday editor is `hours`'s own: it ends the setup). */
export function nextStep(step: SetupStep): SetupStep | undefined {
  if (step === 'days') {
    return undefined;
  }
  return SETUP_STEPS[SETUP_STEPS.indexOf(step) + 1];
}

/**
 * The setup under way. Every answer is saved where it belongs at once (settings, the
 * catalogue); this holds only where the owner is and what a later step needs.
 */
export interface SetupState {
  step: SetupStep;
  serviceName?: string;
  durationMinutes?: number;
  serviceId?: number;
  staffId?: number;
}

/** The working-hours presets. */
export const HOUR_PRESETS = {
  weekdays: { days: ['1', '2', '3', '4', '5'], start: '09:00', end: '18:00' },
  tue_sat: { days: ['2', '3', '4', '5', '6'], start: '10:00', end: '20:00' },
  every_day: { days: ['1', '2', '3', '4', '5', '6', '7'], start: '10:00', end: '22:00' },
} as const;
