/** RFC 4180 CSV records: quoted fields with doubled quotes, CRLF or LF line ends. */
export function parseRecords(text: string, delimiter = ","): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  let started = false;
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === "") {
      quoted = true;
      started = true;
      i++;
    } else if (ch === delimiter) {
      record.push(field);
      field = "";
      started = true;
      i++;
    } else if (ch === "\r" || ch === "\n") {
      if (started || field !== "" || record.length > 0) {
        record.push(field);
        records.push(record);
      } else records.push([]);
      record = [];
      field = "";
      started = false;
      i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
    } else {
      field += ch;
      started = true;
      i++;
    }
  }
  if (started || field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Go's encoding/csv quoting rule: quote when the field holds the delimiter, a quote, CR/LF, or starts with a space. */
export function quoteField(field: string, delimiter: string): string {
  if (field === "") return field;
  const first = field.charCodeAt(0);
  const needs = field.includes(delimiter) || field.includes('"') || field.includes("\n") || field.includes("\r") || first === 32 || first === 9 || field === "\\.";
  return needs ? `"${field.replaceAll('"', '""')}"` : field;
}
