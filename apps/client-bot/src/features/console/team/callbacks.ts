/** Callback actions of the team area (prefix `tm.`). */
export const TEAM_CB = {
  /** The team list. */
  list: 'tm',
  /** A member's card: admin id. */
  card: 'tm.c',
  /** Change a member's role: admin id, role. */
  role: 'tm.r',
  /** Remove a member (ask): admin id. */
  remove: 'tm.x',
  /** Remove a member (confirmed): admin id. */
  removeYes: 'tm.xy',
  /** Make an invite link: role (`admin`), or `staff` and the specialist id. */
  invite: 'tm.i',
  /** Pick the specialist of a staff invite. */
  inviteStaff: 'tm.is',
  /** Add by a shared contact: role. */
  contact: 'tm.k',
} as const;
