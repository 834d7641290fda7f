/**
 * One JS char per byte of `buf[start, end)`: an exact, cheap cache key for raw line sections
 * (distinct bytes give distinct strings). Node's `latin1Slice` skips `toString`'s argument
 * normalisation; it is not in the typings, so fall back to `toString` where it is missing.
 */
interface Latin1Slicing {
  latin1Slice?: (start: number, end: number) => string;
}

const hasLatin1Slice = typeof (Buffer.prototype as Latin1Slicing).latin1Slice === "function";

export function latin1(buf: Buffer, start: number, end: number): string {
  return hasLatin1Slice
    ? (buf as Latin1Slicing).latin1Slice!(start, end)
    : buf.toString("latin1", start, end);
}
