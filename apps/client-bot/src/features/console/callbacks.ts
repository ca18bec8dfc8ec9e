/**
 * Callback actions of the console. Every console action starts with `a` and an area
 * prefix, so they never collide with the customer side's (see src/callbacks.ts) or each
 * other's: the shell `a`, `a.<section>`; an area declares its own in its folder as
 * `<prefix>.<verb>` (agenda `ag.`, walk-in `wi.`, setup `su.`, time off `to.`,
 * catalogue `ct.`, settings `st.`, texts `tx.`, team `tm.`, broadcast `bc.`, export `ex.`,
 * stats `ss.`, audit `au.`). Keep them short: data must fit 64 bytes with its arguments.
 */
export const CONSOLE_CB = {
  /** The console menu. */
  home: 'a',
  /** Open a section: section id. */
  section: 'a.s',
} as const;
