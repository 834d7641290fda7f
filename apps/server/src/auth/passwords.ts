// Passwords are hashed with argon2id (library defaults: memory-hard, salted, self-describing).
import argon2 from "argon2";
import { invalid } from "../http/errors.js";

/** InfluxDB refuses passwords shorter than 8 characters. */
export const MIN_PASSWORD_LENGTH = 8;

export function checkPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw invalid(`passwords must be at least ${MIN_PASSWORD_LENGTH} characters long`);
  }
}

export async function hashPassword(password: string): Promise<string> {
  checkPasswordStrength(password);
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}
