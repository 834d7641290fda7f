/** `influxdata/influxdb/tasks`: `lastSuccess(orTime)`, the task's last successful run or `orTime`. */
import { type Members, type RuntimeContext, builtin } from "../runtime/builtin.js";
import { addDuration } from "../values/time.js";
import { type Value, time } from "../values/value.js";

export function tasksPackage(context: RuntimeContext): Members {
  return new Map<string, Value>([
    [
      "lastSuccess",
      builtin("tasks.lastSuccess", (args) => {
        const known = context.services.lastSuccessTime;
        if (known !== undefined) return time(known);
        const orTime = args.optionalTime("orTime", () => context.now(), addDuration);
        return orTime === undefined ? args.fail("missing required argument orTime") : time(orTime);
      }),
    ],
  ]);
}
