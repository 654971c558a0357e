/**
 * SimClock: the Clock of the engine's deterministic simulations and tests — util's ManualClock
 * starting at a realistic wall-clock time (so garbage-age arithmetic sees plausible values).
 */

import { ManualClock } from "../../util/manual-clock.ts";

export class SimClock extends ManualClock {
  constructor(startMs = 1_700_000_000_000) {
    super(startMs);
  }
}
