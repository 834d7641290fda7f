// API tokens as InfluxDB makes them: 64 random bytes, URL-safe base64 (88 characters).
//
// Only the SHA-256 of a token is stored. A slow password hash (argon2) would cost tens of
// milliseconds on every API request, and buys nothing here: a token carries 512 bits of
// randomness, so it cannot be guessed or brute-forced from its hash the way a password can.
import { createHash, randomBytes } from "node:crypto";

export function newToken(): string {
  return randomBytes(64).toString("base64url") + "==";
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
