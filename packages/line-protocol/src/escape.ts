/**
 * Escaping for the encoder and for canonical series keys. The parser accepts a backslash before
 * `,`, ` `, `=` and `\` in names as an escape (a backslash before anything else is literal, as
 * InfluxDB's documentation says), so escaping every backslash makes any name round-trip.
 */

const measurementSpecial = /[\\, ]/g;
const keySpecial = /[\\,= ]/g;
const stringSpecial = /[\\"]/g;

export function escapeMeasurement(name: string): string {
  return needsEscape(name, false) ? name.replace(measurementSpecial, "\\$&") : name;
}

/** Tag keys, tag values and field keys. */
export function escapeKey(name: string): string {
  return needsEscape(name, true) ? name.replace(keySpecial, "\\$&") : name;
}

/** A plain loop beats a regex on the short names of a series key (the common case: no escape). */
function needsEscape(name: string, equalsSign: boolean): boolean {
  for (let k = 0; k < name.length; k++) {
    const c = name.charCodeAt(k);
    if (c === 92 || c === 44 || c === 32 || (equalsSign && c === 61)) return true;
  }
  return false;
}

export function escapeStringField(value: string): string {
  return value.replace(stringSpecial, "\\$&");
}

/** The canonical series key of `Point.seriesKey`: escaped measurement, then `,key=value` per tag. */
export function seriesKey(
  measurement: string,
  tags: ReadonlyArray<readonly [key: string, value: string]>,
): string {
  let key = escapeMeasurement(measurement);
  for (const [k, v] of tags) key += "," + escapeKey(k) + "=" + escapeKey(v);
  return key;
}
