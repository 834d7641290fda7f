import { randomBytes } from "node:crypto";

/** InfluxDB IDs: 16 lowercase hex characters (64 bits), never all zeros. */
export function newId(): string {
  for (;;) {
    const id = randomBytes(8).toString("hex");
    if (id !== "0000000000000000") return id;
  }
}

export function isValidId(id: string): boolean {
  return /^[0-9a-f]{16}$/.test(id) && id !== "0000000000000000";
}
