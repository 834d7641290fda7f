/**
 * Go's FormatFloat(v, 'f', -1, 64) derived from String(v): the same digits, the decimal point
 * moved to where the exponent puts it. The reference decimalText is checked against.
 */
export function plainDecimal(v: number): string {
  if (v === 0) return Object.is(v, -0) ? "-0" : "0";
  const text = String(Math.abs(v));
  const sign = v < 0 ? "-" : "";
  const [mantissa, exponentText] = text.split("e") as [string, string | undefined];
  if (exponentText === undefined) return sign + text;
  const [whole, fraction = ""] = mantissa.split(".") as [string, string | undefined];
  const digits = whole + fraction;
  const point = whole.length + Number(exponentText); // digits before the decimal point
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + "0".repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
