// Encryption at rest of secret values: AES-256-GCM with a 32-byte key kept in `--secrets-key-file`
// (created with mode 0600 the first time a secret is stored or read). The org and key of a secret
// are bound in as associated data, so a sealed value copied onto another secret fails to open.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { AppContext } from "../http/types.js";

const VERSION = "v1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

const keys = new WeakMap<AppContext, Promise<Buffer>>();

/** The server's secrets key, read once per server (or generated on first use). */
export function secretsKey(app: AppContext): Promise<Buffer> {
  let key = keys.get(app);
  if (!key) {
    key = loadOrCreateKey(app.config.secretsKeyFile);
    // A failed read must not stick: the next request tries again.
    key.catch(() => keys.delete(app));
    keys.set(app, key);
  }
  return key;
}

async function loadOrCreateKey(path: string): Promise<Buffer> {
  try {
    return parseKey(await readFile(path, "utf8"), path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  await mkdir(join(path, ".."), { recursive: true });
  try {
    // `wx` fails when another process created the file first; then theirs is the key.
    await writeFile(path, randomBytes(KEY_BYTES).toString("hex") + "\n", { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  return parseKey(await readFile(path, "utf8"), path);
}

function parseKey(text: string, path: string): Buffer {
  const hex = text.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error(`${path} must hold a 256-bit key as 64 hex characters`);
  return Buffer.from(hex, "hex");
}

const associatedData = (orgID: string, secretKey: string) => Buffer.from(`${orgID}\0${secretKey}`, "utf8");

export function seal(key: Buffer, orgID: string, secretKey: string, value: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(associatedData(orgID, secretKey));
  const ciphertext = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
  return VERSION + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64");
}

/** The plaintext; throws when the sealed value was altered, moved, or sealed under another key. */
export function open(key: Buffer, orgID: string, secretKey: string, sealed: string): string {
  if (!sealed.startsWith(VERSION)) throw new Error("unknown secret encoding");
  const raw = Buffer.from(sealed.slice(VERSION.length), "base64");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(associatedData(orgID, secretKey));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
}
