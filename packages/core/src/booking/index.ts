export {
  type AvailabilityRequest,
  type AvailabilityRules,
  type BusyKind,
  type BusyPeriod,
  checkSlot,
  computeSlots,
  type DayStatus,
  type DaySummary,
  type EpochRange,
  FEW_SLOTS_SHARE,
  listDates,
  type MergedSlot,
  mergeSlots,
  type Slot,
  type SlotCheck,
  type StaffSchedule,
  summarizeDays,
} from './availability.js';
export {
  type AvailabilityOptions,
  type AvailableSlots,
  getAvailableSlots,
  getMonthSummary,
} from './availability.service.js';
export {
  type BookOptions,
  bookAppointment,
  bookAsTelegramUser,
  type TelegramBookingOutcome,
} from './book-appointment.js';
export { mapBookingWriteError } from './booking.errors.js';
export * from './booking.js';
export {
  type BookingNotice,
  getBooking,
  getBookingHistory,
  getBookingNotice,
  listBookings,
  listClientBookings,
} from './booking.queries.js';
export { completeBooking, markNoShow } from './booking-status.js';
export {
  type CancelInput,
  type CancelResult,
  cancelBooking,
  isInsideCancellationWindow,
} from './cancel-booking.js';
export { commentBooking } from './comment-booking.js';
export { addFeedbackComment, findFeedback, leaveFeedback } from './feedback.service.js';
export { addDays, localDateIn, localTimeIn } from './local-time.js';
export { type RescheduleResult, rescheduleBooking } from './reschedule-booking.js';
export {
  type AffectedBookings,
  authorizeScheduleChange,
  blockTimeOff,
  listBookingsInPeriod,
  listBookingsOutsideHours,
  type SettledBookings,
  type SpecialHoursResult,
  setSpecialHours,
  type TimeOffResult,
} from './time-off.js';
export { unblockPeriod } from './unblock-period.js';
export {
  acceptOffer,
  expireOffers,
  findOffers,
  joinWaitlist,
  leaveWaitlist,
  listWaitlist,
  processSlotReleases,
  recheckRecentJoins,
} from './waitlist.service.js';
