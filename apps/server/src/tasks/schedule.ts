// When a task runs. `every` is aligned to the Unix epoch as InfluxDB aligns it (every: 1h saved at
// 2:30 first runs for 3:00); `cron` (5 fields, or 6 with seconds first) is evaluated in UTC; the
// offset delays the start without changing the scheduled time the run stands for (its now()).
import { CronExpressionParser } from "cron-parser";
import { durationNs } from "./options.js";

export interface Schedule {
  every: string;
  cron: string;
  offset: string;
}

/** The first scheduled time strictly after `after`. */
export function nextScheduledAfter(schedule: Schedule, after: Date): Date {
  if (schedule.every !== "") {
    const everyMs = Number(durationNs(schedule.every, "every") / 1_000_000n);
    const step = Math.max(1, everyMs);
    return new Date((Math.floor(after.getTime() / step) + 1) * step);
  }
  const expression = CronExpressionParser.parse(schedule.cron, { currentDate: after, tz: "UTC" });
  return expression.next().toDate();
}

/** When a run scheduled for `scheduledFor` may start: that time plus the offset. */
export function dueAt(schedule: Schedule, scheduledFor: Date): Date {
  if (schedule.offset === "") return scheduledFor;
  return new Date(scheduledFor.getTime() + Number(durationNs(schedule.offset, "offset") / 1_000_000n));
}
