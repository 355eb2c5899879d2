import { ManualClock } from "../../emulator/clock.js";
import { GtError, validationError } from "../../emulator/errors.js";
import type { AdminRouter } from "./admin-context.js";
import { addRoute } from "./admin-route.js";
import { optionalNumber, readJsonObject, type JsonObject } from "./request-body.js";

/** The latest instant a JavaScript Date holds (year 275760). */
const MAX_DATE_MS = 8.64e15;

/**
 * The emulator's clock. Time moves through this API only when the server runs on a ManualClock
 * (`--manual-clock`, or a test's own clock): claim time limits, task availability and presigned
 * URL expiry then pass in one request instead of minutes of waiting.
 */
export function addClockRoutes(router: AdminRouter): void {
  addRoute(router, "GET /clock", (_request, { emulator }) => ({
    now: emulator.clock.now().toISOString(),
    manual: emulator.clock instanceof ManualClock,
  }));

  addRoute(router, "POST /clock/advance", async (request, { emulator }) => {
    const body = await readJsonObject(request, ["seconds", "milliseconds"]);
    const clock = emulator.clock;
    if (!(clock instanceof ManualClock)) {
      throw new GtError(
        "InvalidRequest",
        "gt-local is running on the system clock, which cannot be moved. Start it with --manual-clock (or GT_LOCAL_MANUAL_CLOCK=1) to advance time through this API.",
      );
    }
    const milliseconds = durationOf(body);
    if (clock.now().getTime() + milliseconds > MAX_DATE_MS) {
      throw validationError("That would move the clock past the last date JavaScript can represent.");
    }
    clock.advance(milliseconds);
    // Let the engine finish what the jump set off (lapsed claims, expiries, starts), so the very
    // next request sees its effects.
    await new Promise((resolve) => setImmediate(resolve));
    await emulator.engine.idle();
    return { now: clock.now().toISOString() };
  });
}

/** `{"seconds"}` or `{"milliseconds"}`, exactly one, not negative; whole milliseconds. */
function durationOf(body: JsonObject): number {
  const seconds = optionalNumber(body, "seconds");
  const milliseconds = optionalNumber(body, "milliseconds");
  if ((seconds === undefined) === (milliseconds === undefined)) {
    throw validationError('Give exactly one of "seconds" and "milliseconds", e.g. {"seconds": 301}.');
  }
  const amount = seconds === undefined ? (milliseconds ?? 0) : seconds * 1000;
  if (amount < 0) throw validationError("The clock only moves forward: give a duration of 0 or more.");
  return Math.round(amount);
}
