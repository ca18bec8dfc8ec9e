/**
 * Callback actions of the client bot. Short on purpose: each button's data must fit,
 * with its arguments and signature, in Telegram's 64 bytes.
 */
export const CB = {
  /** Main menu item: `book`, `my`, `waitlist`, `language`, `help`, `home`. */
  menu: 'm',
  /**
   * Wizard (flow first): service, specialist, month, day, page of times, time, confirm,
   * back, join waitlist.
   */
  service: 's',
  staff: 'p',
  month: 'c',
  day: 'd',
  timePage: 'tp',
  time: 't',
  confirm: 'ok',
  back: 'b',
  joinWaitlist: 'wj',
  /** A closed day of the calendar: answered with a notice, whatever the wizard. */
  closedDay: 'dx',
  /** Bookings: details, cancel (ask), cancel (confirmed), reschedule. */
  booking: 'v',
  cancelAsk: 'x',
  cancelYes: 'xy',
  reschedule: 'r',
  /** A reminder's "I will come". */
  attend: 'rc',
  /** Waitlist: accept or decline an offer, leave an entry. */
  offerAccept: 'oa',
  offerDecline: 'od',
  waitlistLeave: 'wl',
  /** Feedback rating: booking, stars. */
  rate: 'fb',
  feedbackSkip: 'fs',
  /** Language choice. */
  language: 'l',
  /** Buttons that only show something. */
  noop: 'n',
} as const;
