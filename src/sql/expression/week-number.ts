/**
 * MySQL's week numbering (WEEK, WEEKOFYEAR, YEARWEEK and DATE_FORMAT's %U %u %V %v %X %x):
 * the algorithm of MySQL's calc_week, driven by three behaviour bits.
 *
 *   WEEK_MONDAY_FIRST   weeks start on Monday (else Sunday)
 *   WEEK_YEAR           a week that straddles a year boundary belongs to the year that holds
 *                       most of it (numbers run 1..53, never 0)
 *   WEEK_FIRST_WEEKDAY  week 1 is the first week that contains the first day of the week
 *                       (else the first week with 4 or more days in the year)
 *
 * WEEK(date, mode) maps its mode 0..7 to these bits with `weekBehaviour`.
 */

import type { DateParts } from "../types/temporal.ts";

export const WEEK_MONDAY_FIRST = 1;
export const WEEK_YEAR = 2;
export const WEEK_FIRST_WEEKDAY = 4;

const dayMs = 86_400_000;

/** MySQL's week_mode: WEEK()'s mode argument as behaviour bits. */
export function weekBehaviour(mode: number): number {
  let behaviour = mode & 7;
  if ((behaviour & WEEK_MONDAY_FIRST) === 0) behaviour ^= WEEK_FIRST_WEEKDAY;
  return behaviour;
}

function dayNumber(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / dayMs);
}

function daysInYear(year: number): number {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 366 : 365;
}

/** 0 for the first day of the week (Monday, or Sunday when `sundayFirst`). */
function weekdayOf(dayNr: number, sundayFirst: boolean): number {
  // 1970-01-01 (day 0) was a Thursday.
  const sundayBased = (((dayNr + 4) % 7) + 7) % 7;
  return sundayFirst ? sundayBased : (sundayBased + 6) % 7;
}

/** The week number of `date` under `behaviour`, and the year that week belongs to. */
export function calcWeek(date: DateParts, behaviour: number): { week: number; year: number } {
  const dayNr = dayNumber(date.year, date.month, date.day);
  let firstDayNr = dayNumber(date.year, 1, 1);
  const mondayFirst = (behaviour & WEEK_MONDAY_FIRST) !== 0;
  let weekYear = (behaviour & WEEK_YEAR) !== 0;
  const firstWeekday = (behaviour & WEEK_FIRST_WEEKDAY) !== 0;
  let weekday = weekdayOf(firstDayNr, !mondayFirst);
  let year = date.year;
  const startsLate = (day: number): boolean => (firstWeekday && day !== 0) || (!firstWeekday && day >= 4);
  if (date.month === 1 && date.day <= 7 - weekday) {
    if (!weekYear && startsLate(weekday)) return { week: 0, year };
    weekYear = true;
    year--;
    const days = daysInYear(year);
    firstDayNr -= days;
    weekday = (weekday + 53 * 7 - days) % 7;
  }
  const days = startsLate(weekday) ? dayNr - (firstDayNr + (7 - weekday)) : dayNr - (firstDayNr - weekday);
  if (weekYear && days >= 52 * 7) {
    const nextWeekday = (weekday + daysInYear(year)) % 7;
    if ((!firstWeekday && nextWeekday < 4) || (firstWeekday && nextWeekday === 0)) {
      return { week: 1, year: year + 1 };
    }
  }
  return { week: Math.floor(days / 7) + 1, year };
}
