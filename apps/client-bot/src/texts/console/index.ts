import { AGENDA_TEXTS } from './agenda.js';
import { AUDIT_TEXTS } from './audit.js';
import { BROADCAST_TEXTS } from './broadcast.js';
import { CATALOGUE_TEXTS } from './catalogue.js';
import { EXPORT_TEXTS } from './export.js';
import { SETTINGS_TEXTS } from './settings.js';
import { SETUP_TEXTS } from './setup.js';
import { SHELL_TEXTS } from './shell.js';
import { STATS_TEXTS } from './stats.js';
import { TEAM_TEXTS } from './team.js';
import { TIME_OFF_TEXTS } from './time-off.js';
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
  ...TIME_OFF_TEXTS.en,
  ...CATALOGUE_TEXTS.en,
  ...SETTINGS_TEXTS.en,
  ...TEAM_TEXTS.en,

  // console-reach: broadcast, export, stats, audit
  ...BROADCAST_TEXTS.en,
  ...EXPORT_TEXTS.en,
  ...STATS_TEXTS.en,
  ...AUDIT_TEXTS.en,
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
  ...TIME_OFF_TEXTS.ru,
  ...CATALOGUE_TEXTS.ru,
  ...SETTINGS_TEXTS.ru,
  ...TEAM_TEXTS.ru,

  // console-reach: broadcast, export, stats, audit
  ...BROADCAST_TEXTS.ru,
  ...EXPORT_TEXTS.ru,
  ...STATS_TEXTS.ru,
  ...AUDIT_TEXTS.ru,
};

/** Spanish console texts. */
export const CONSOLE_ES: Record<ConsoleKey, string> = {
  ...SHELL_TEXTS.es,
  // console-core: setup, agenda, walk-in
  ...AGENDA_TEXTS.es,
  ...WALKIN_TEXTS.es,
  ...SETUP_TEXTS.es,

  // console-manage: time off, catalogue, settings, texts, team
  ...TIME_OFF_TEXTS.es,
  ...CATALOGUE_TEXTS.es,
  ...SETTINGS_TEXTS.es,
  ...TEAM_TEXTS.es,

  // console-reach: broadcast, export, stats, audit
  ...BROADCAST_TEXTS.es,
  ...EXPORT_TEXTS.es,
  ...STATS_TEXTS.es,
  ...AUDIT_TEXTS.es,
};
