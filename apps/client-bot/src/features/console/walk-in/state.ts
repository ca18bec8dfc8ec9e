/** Callback actions of the walk-in booking (see ../callbacks.ts for the naming). */
export const WI = {
  /** A found client: client id. */
  client: 'wi.c',
  /** Add a new client (asks name, then phone). */
  newClient: 'wi.n',
  /** Service id; specialist id; month (calendar page); day; time (epoch minutes, staff). */
  service: 'wi.s',
  staff: 'wi.p',
  month: 'wi.m',
  day: 'wi.d',
  time: 'wi.t',
  /** The explicit "outside hours" switch on a day: asks a typed time. */
  outside: 'wi.o',
} as const;

/** The input area of the walk-in's typed answers. */
export const WALK_IN_AREA = 'wi';

/** A walk-in booking under way. */
export interface WalkInState {
  clientId?: number;
  /** A new client's name, kept while their phone is asked. */
  newName?: string;
  serviceId?: number;
  staffId?: number;
  date?: string;
}
