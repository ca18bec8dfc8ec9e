/** Callback actions of the agenda (see ../callbacks.ts for the naming). */
export const AG = {
  /** A list: first local date, number of days, specialist id or 0 for all. */
  view: 'ag.v',
  /** The date picker: month, specialist (0 all). */
  pickDate: 'ag.p',
  /** A booking's card: booking id. */
  card: 'ag.b',
  came: 'ag.c',
  noShow: 'ag.n',
  /** Cancel (asks the reason), comment (asks the text): booking id. */
  cancel: 'ag.x',
  comment: 'ag.k',
  /** Move: booking id [, month] → day: booking id, date → time: booking id, start, staff. */
  move: 'ag.m',
  moveDay: 'ag.md',
  moveTime: 'ag.mt',
} as const;

/** The input area of the agenda's typed answers. */
export const AGENDA_AREA = 'ag';

/** A list on screen: its first local date, length in days and specialist (0: all). */
export interface AgendaView {
  from: string;
  days: number;
  staff: number;
}

/** The agenda's console state: the list to go back to, the booking a typed answer is for. */
export interface AgendaState {
  view?: AgendaView;
  bookingId?: number;
}
