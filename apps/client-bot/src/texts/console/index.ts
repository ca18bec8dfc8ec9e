import { AGENDA_TEXTS } from './agenda.js';
import { SETUP_TEXTS } from './setup.js';
import { SHELL_TEXTS } from './shell.js';
import { WALKIN_TEXTS } from './walkin.js';

/*
 * Every console area's texts, spread into EN, RU and ES (texts/en.ts, ru.ts, es.ts).
 * An area adds its own file here (see shell.ts for the pattern) and one line per
 * language below, in its own slot, so areas never edit the same lines.
 */

/** English console texts: the reference. */
export const CONSOLE_EN = {
  ...SHELL_TEXTS.en,
  // console-core: setup, agenda, walk-in
  ...AGENDA_TEXTS.en,
  ...WALKIN_TEXTS.en,
  ...SETUP_TEXTS.en,

  // console-manage: time off, catalogue, settings, texts, team

  // console-reach: broadcast, export, stats, audit
} as const;

type ConsoleKey = keyof typeof CONSOLE_EN;

/** Russian console texts. */
export const CONSOLE_RU: Record<ConsoleKey, string> = {
  ...SHELL_TEXTS.ru,
  // console-core: setup, agenda, walk-in
  ...AGENDA_TEXTS.ru,
  ...WALKIN_TEXTS.ru,
  ...SETUP_TEXTS.ru,

  // console-manage: time off, catalogue, settings, texts, team

  // console-reach: broadcast, export, stats, audit
};

/** Spanish console texts. */
export const CONSOLE_ES: Record<ConsoleKey, string> = {
  ...SHELL_TEXTS.es,
  // console-core: setup, agenda, walk-in
  ...AGENDA_TEXTS.es,
  ...WALKIN_TEXTS.es,
  ...SETUP_TEXTS.es,

  // console-manage: time off, catalogue, settings, texts, team

  // console-reach: broadcast, export, stats, audit
};
