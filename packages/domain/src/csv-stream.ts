import { stringify } from "csv-stringify/sync";

// escape_formulas prefixes a cell starting with = + - @ (or a tab or carriage return) with a single quote, so a
// spreadsheet opening the file shows the text instead of running a formula that a buyer or participant typed as
// their name.
const toCsv = (records: (string | number)[][]) => stringify(records, { escape_formulas: true });

/**
 * A CSV body that streams keyset pages as the client reads: the header first, then one query of `pageSize` rows per
 * pull, continuing after the last row read, until a short page. Every cell is formula-escaped.
 */
export function streamCsv<Row, Cursor>(spec: {
  columns: readonly string[];
  pageSize: number;
  /** The rows after `cursor` (from the start when undefined), at most `limit` of them. */
  page: (cursor: Cursor | undefined, limit: number) => Promise<Row[]>;
  cursorAfter: (last: Row) => Cursor;
  record: (row: Row) => (string | number)[];
}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: Cursor | undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(toCsv([[...spec.columns]])));
    },
    async pull(controller) {
      const rows = await spec.page(cursor, spec.pageSize);
      if (rows.length > 0) controller.enqueue(encoder.encode(toCsv(rows.map(spec.record))));
      const last = rows.at(-1);
      if (!last || rows.length < spec.pageSize) controller.close();
      else cursor = spec.cursorAfter(last);
    },
  });
}
