export type { FieldValue, Point, Precision } from "./point.js";
