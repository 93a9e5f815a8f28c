export type BusinessCalendarErrorCode =
  /** The calendar does not satisfy BusinessCalendarSchema (the message lists every problem). */
  | 'CAL_INVALID'
  /** An argument is malformed: an invalid Date, a non-finite duration, fractional days, a bad local date. */
  | 'CAL_ARGUMENT'
  /** No working time was found within the search limit (10 years) from the given instant. */
  | 'CAL_NO_WORKING_TIME'
  /** The result or the range lies beyond the search limit (10 years). */
  | 'CAL_LIMIT';

/** The only error the calendar functions throw on bad input; `code` says which kind. */
export class BusinessCalendarError extends Error {
  readonly code: BusinessCalendarErrorCode;

  constructor(code: BusinessCalendarErrorCode, message: string) {
    super(message);
    this.name = 'BusinessCalendarError';
    this.code = code;
  }
}
