/**
 * Writes an AST as the exact JSON text InfluxDB returns: keys in node order, empty optional
 * fields left out, and float literals written the way Flux's serializer writes them (`2.0`, not
 * `2`; `1e21`, not `1e+21`), which JSON.stringify alone would get wrong.
 */
export function astToJSON(node: unknown): string {
  const out: string[] = [];
  write(node, out, false);
  return out.join("");
}

function write(value: unknown, out: string[], isFloat: boolean): void {
  if (value === null) {
    out.push("null");
  } else if (typeof value === "number") {
    out.push(isFloat ? formatFloat(value) : JSON.stringify(value));
  } else if (typeof value === "string" || typeof value === "boolean") {
    out.push(JSON.stringify(value));
  } else if (Array.isArray(value)) {
    out.push("[");
    value.forEach((item: unknown, i) => {
      if (i > 0) out.push(",");
      write(item, out, false);
    });
    out.push("]");
  } else if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    const floatValue = record["type"] === "FloatLiteral";
    out.push("{");
    let first = true;
    for (const key of Object.keys(record)) {
      const field = record[key];
      if (field === undefined) continue;
      if (!first) out.push(",");
      first = false;
      out.push(JSON.stringify(key), ":");
      write(field, out, floatValue && key === "value");
    }
    out.push("}");
  }
}

/**
 * Shortest round-trip digits laid out as Rust's float formatter does: plain decimals while the
 * exponent is within (-5, 16], with `.0` on whole numbers, scientific notation outside that.
 */
export function formatFloat(value: number): string {
  if (!Number.isFinite(value)) return "null";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const sign = value < 0 ? "-" : "";
  const [mantissa = "", exponentText = "0"] = Math.abs(value).toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const exponent = Number(exponentText);
  // Position of the decimal point relative to the start of `digits`.
  const point = exponent + 1;
  let text: string;
  if (point > 0 && point <= 16) {
    text =
      digits.length <= point
        ? `${digits}${"0".repeat(point - digits.length)}.0`
        : `${digits.slice(0, point)}.${digits.slice(point)}`;
  } else if (point > -5 && point <= 0) {
    text = `0.${"0".repeat(-point)}${digits}`;
  } else {
    text = digits.length === 1 ? `${digits}e${exponent}` : `${digits[0]}.${digits.slice(1)}e${exponent}`;
  }
  return sign + text;
}
