// The rules of a measurement schema's name and columns (InfluxDB Cloud's): one `time` column of type
// timestamp, at least one field, names unique ignoring case, tags and the timestamp without a data
// type. Columns can only ever be added to a schema, never changed or removed.
import { invalid } from "../http/errors.js";

export const COLUMN_TYPES = ["timestamp", "tag", "field"] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];
/** The field types of line protocol, by the names line protocol and the schema API share. */
export const DATA_TYPES = ["integer", "float", "boolean", "string", "unsigned"] as const;
export type DataType = (typeof DATA_TYPES)[number];

export interface Column {
  name: string;
  type: ColumnType;
  dataType?: DataType;
}

/** The data type a field column gets when none is given (InfluxDB Cloud documents `string`). */
export const DEFAULT_FIELD_TYPE: DataType = "string";
const TIME = "time";
const MAX_NAME_BYTES = 128;

/** Why `name` cannot name a measurement or column, or null when it can. */
export function nameProblem(name: string): string | null {
  if (name.length === 0) return "is empty";
  if (Buffer.byteLength(name, "utf8") > MAX_NAME_BYTES) return `is longer than ${MAX_NAME_BYTES} bytes`;
  if (name.startsWith("_")) return "must not begin with _";
  if (name.includes('"') || name.includes("'")) return "must not contain single or double quotes";
  // Control characters cannot be written in line protocol, so such a column could never match.
  if (/[\u0000-\u001f\u007f]/.test(name)) return "must not contain control characters";
  return null;
}

export function checkMeasurementName(name: string): string {
  const problem = nameProblem(name);
  if (problem) throw invalid(`measurement name ${JSON.stringify(name)} ${problem}`);
  return name;
}

/**
 * The columns as stored: every problem found is reported at once (400), and a field column without
 * a data type gets the default one.
 */
export function checkColumns(columns: readonly Column[]): Column[] {
  const problems: string[] = [];
  if (columns.length === 0) throw invalid("a measurement schema needs columns: a time column and at least one field");
  const out: Column[] = [];
  let times = 0;
  let fields = 0;
  const seen = new Map<string, string>();
  for (const column of columns) {
    const label = `column ${JSON.stringify(column.name)}`;
    const problem = nameProblem(column.name);
    if (problem) problems.push(`${label}: name ${problem}`);
    const folded = column.name.toLowerCase();
    const earlier = seen.get(folded);
    if (earlier !== undefined) problems.push(`${label}: duplicates column ${JSON.stringify(earlier)} (names are compared ignoring case)`);
    else seen.set(folded, column.name);
    switch (column.type) {
      case "timestamp":
        if (column.name !== TIME) problems.push(`${label}: a timestamp column must be named "time"`);
        if (column.dataType !== undefined) problems.push(`${label}: a timestamp column has no dataType`);
        times++;
        out.push({ name: column.name, type: "timestamp" });
        break;
      case "tag":
        if (column.name === TIME) problems.push(`${label}: the time column must have type timestamp`);
        if (column.dataType !== undefined) problems.push(`${label}: a tag column has no dataType (tag values are strings)`);
        out.push({ name: column.name, type: "tag" });
        break;
      case "field":
        if (column.name === TIME) problems.push(`${label}: the time column must have type timestamp`);
        fields++;
        out.push({ name: column.name, type: "field", dataType: column.dataType ?? DEFAULT_FIELD_TYPE });
        break;
    }
  }
  if (times === 0) problems.push('a measurement schema needs a column "time" of type timestamp');
  if (fields === 0) problems.push("a measurement schema needs at least one field column");
  if (problems.length > 0) throw invalid(`invalid measurement schema: ${problems.join("; ")}`);
  return out;
}

/**
 * The new column list of an update: it must keep every existing column unchanged (name, type and
 * data type); it may add columns.
 */
export function checkColumnUpdate(existing: readonly Column[], next: readonly Column[]): Column[] {
  const columns = checkColumns(next);
  const byName = new Map(columns.map((c) => [c.name, c]));
  const problems: string[] = [];
  for (const old of existing) {
    const now = byName.get(old.name);
    if (now === undefined) problems.push(`column ${JSON.stringify(old.name)} is missing`);
    else if (now.type !== old.type || now.dataType !== old.dataType) {
      problems.push(`column ${JSON.stringify(old.name)} is ${describe(old)} and cannot become ${describe(now)}`);
    }
  }
  if (problems.length > 0) throw invalid(`columns can only be added to a measurement schema, never changed or removed: ${problems.join("; ")}`);
  return columns;
}

export function describe(column: Column): string {
  return column.type === "field" ? `a ${column.dataType} field` : `a ${column.type}`;
}
