export type { FieldValue, Point, Precision } from "./point.js";
export { LineProtocolError } from "./errors.js";
export { LineProtocolParser, parse, type ParseOptions } from "./parser.js";
export { PointView, type FieldType, type Series } from "./point-view.js";
export { encode, encodeFieldValue } from "./encode.js";
export { escapeKey, escapeMeasurement, escapeStringField, seriesKey } from "./escape.js";
export { isPrecision, maxNanoTime, minNanoTime, precisionMultiplier } from "./precision.js";
export { generateCpuOnly, cpuFieldKeys, type CpuOnlyOptions } from "./testing/tsbs.js";
export { PointBatch, type FieldLayout, type ParsedLine } from "./point-batch.js";
