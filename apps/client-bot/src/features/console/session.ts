import type { AgendaState } from './agenda/state.js';
import type { SetupState } from './setup/state.js';
import type { WalkInState } from './walk-in/state.js';

/**
 * The console's slot in the session: one optional sub-object per area, so the wizards of
 * different areas never overwrite each other's state. An area declares its own state
 * type in its folder and adds one optional field here, in its own slot below.
 */
export interface ConsoleSession {
  /** A typed answer the console waits for: the area that asked, and its step. */
  input?: ConsoleInput;

  // console-core: setup, agenda, walk-in
  setup?: SetupState;
  agenda?: AgendaState;
  walkIn?: WalkInState;

  // console-manage: time off, catalogue, settings, texts, team

  // console-reach: broadcast, export, stats, audit
}

/** See {@link ConsoleSession.input}. */
export interface ConsoleInput {
  /** The asking area's callback prefix, e.g. `su` (setup). */
  area: string;
  /** What the answer is for, in the area's own words, e.g. `business_name`. */
  step: string;
}
