/** Times split over several arrays (a series' batches) as one: the array itself when there is one. */
export function joinTimes(parts: readonly BigInt64Array[]): BigInt64Array {
  if (parts.length === 1) return parts[0]!;
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new BigInt64Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
