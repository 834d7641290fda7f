export { type Annotation, CSVEncoder, type Dialect, type Result } from "./encode.js";
export { CSVDecodeError, decodeAnnotatedCSV, decodeRawCSV } from "./decode.js";
export { annotatedCSV, annotatedCSVBytes } from "./stream.js";
