export type { Cell, ColumnMeta, ColumnType, GroupKey, Table, TableStream } from "./types.js";
export { formatCell, formatFloat } from "./format.js";
