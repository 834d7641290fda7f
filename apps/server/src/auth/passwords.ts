// Passwords are hashed with argon2id (memory-hard, salted; the hash string records its parameters,
// so they can be raised later without invalidating stored hashes).
import argon2 from "argon2";
import { invalid } from "../http/errors.js";

/** InfluxDB refuses passwords shorter than 8 characters. */
export const MIN_PASSWORD_LENGTH = 8;

export function checkPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw invalid(`passwords must be at least ${MIN_PASSWORD_LENGTH} characters long`);
  }
}

/**
 * OWASP's recommended argon2id setting (19 MiB, 2 passes, 1 lane). The library default (64 MiB,
 * 3 passes, 4 lanes) costs about 4x more CPU per signin, which a 2-core server running queries
 * feels; this setting still makes offline guessing expensive.
 */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export async function hashPassword(password: string): Promise<string> {
  checkPasswordStrength(password);
  return argon2.hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}
