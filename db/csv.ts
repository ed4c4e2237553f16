/** RFC 4180 CSV: CRLF line ends, fields quoted only when they must be, quotes doubled. */

function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [header, ...rows].map((r) => r.map(field).join(','));
  return lines.join('\r\n') + '\r\n';
}

export class CsvSyntaxError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
  }
}

/** Parses RFC 4180 text into records (accepts LF as well as CRLF). Throws CsvSyntaxError on a broken quote. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let value = '';
  let i = 0;
  let line = 1;
  let quoted = false;
  let fieldStarted = false;
  const endField = () => {
    record.push(value);
    value = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          value += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') throw new CsvSyntaxError(line, 'text after a closing quote');
        continue;
      }
      if (c === '\n') line++;
      value += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (fieldStarted || value !== '') throw new CsvSyntaxError(line, 'a quote inside an unquoted field');
      quoted = true;
      fieldStarted = true;
      i++;
    } else if (c === ',') {
      endField();
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      endRecord();
      line++;
      i += 2;
    } else if (c === '\n') {
      endRecord();
      line++;
      i++;
    } else {
      value += c;
      fieldStarted = true;
      i++;
    }
  }
  if (quoted) throw new CsvSyntaxError(line, 'a quoted field is never closed');
  if (value !== '' || record.length > 0 || fieldStarted) endRecord();
  return records;
}
