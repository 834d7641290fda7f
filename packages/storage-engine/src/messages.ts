import type { RejectionReason, WriteResult } from "./types.js";

/** InfluxDB's wording of one rejection reason. */
export function rejectionMessage(reason: RejectionReason): string {
  switch (reason.kind) {
    case "field type conflict":
      return `field type conflict: input field "${reason.field}" on measurement "${reason.measurement}" is type ${reason.inputType}, already exists as type ${reason.existingType}`;
    case "beyond retention":
      return "points beyond retention policy";
  }
}

/**
 * The message of InfluxDB's 422 answer for a write with rejected points
 * (`partial write: <first reason> dropped=<n>`), or undefined when nothing was rejected.
 */
export function partialWriteMessage(result: WriteResult): string | undefined {
  const first = result.rejected[0];
  if (first === undefined) return undefined;
  return `partial write: ${rejectionMessage(first.reason)} dropped=${result.rejected.length}`;
}
