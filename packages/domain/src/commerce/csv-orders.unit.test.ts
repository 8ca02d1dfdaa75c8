import { describe, expect, it } from "vitest";
import { parseManualOrdersCsv } from "./csv-orders";

const HEADER = "order_id,email,name,ticket_type,quantity,amount,currency";
const QTY = "A whole number from 1 to 500 (the most tickets on one order line)";

describe("parseManualOrdersCsv", () => {
  it("parses good rows, and reports the one bad row among them by line and field", () => {
    const csv = [
      HEADER,
      "M-1,ada@example.com,Ada Lovelace,General admission,2,50.00,eur",
      "M-2,not-an-email,Bad Row,General admission,0,,",
      "M-3,Grace@Example.COM , Grace Hopper ,tt_vip,1,,",
    ].join("\n");
    const { rows, errors } = parseManualOrdersCsv(csv);
    expect(rows).toEqual([
      {
        line: 2,
        orderId: "M-1",
        email: "ada@example.com",
        name: "Ada Lovelace",
        ticketType: "General admission",
        quantity: 2,
        amount: 5000,
        currency: "EUR",
      },
      { line: 4, orderId: "M-3", email: "grace@example.com", name: "Grace Hopper", ticketType: "tt_vip", quantity: 1 },
    ]);
    expect(errors).toEqual([
      { line: 3, field: "email", message: "Not a valid email address" },
      { line: 3, field: "quantity", message: QTY },
    ]);
  });

  it("reports a duplicate order_id on the later row and keeps the first", () => {
    const csv = `${HEADER}\nA,a@example.com,A,GA,1,,\nB,b@example.com,B,GA,1,,\nA,c@example.com,C,GA,3,,\n`;
    const { rows, errors } = parseManualOrdersCsv(csv);
    expect(rows.map((r) => r.orderId)).toEqual(["A", "B"]);
    expect(errors).toEqual([{ line: 4, field: "order_id", message: "order_id A is already on line 2" }]);
  });

  it("matches header names without regard to case and spaces, in any order, ignoring unknown columns", () => {
    const csv = " Quantity ,Ticket-Type,NAME,E-mail note,E-mail,Order ID\n3,GA,Lin,hi,lin@example.com,X9\n";
    expect(parseManualOrdersCsv(csv)).toEqual({
      rows: [{ line: 2, orderId: "X9", email: "lin@example.com", name: "Lin", ticketType: "GA", quantity: 3 }],
      errors: [],
    });
  });

  it("handles a BOM, CRLF, quoted fields with commas, quotes and newlines, and blank lines", () => {
    const csv =
      '\uFEFForder_id,email,name,ticket_type,quantity\r\n' +
      '"Q-1",q@example.com,"Doe, Jane ""JD""","Early bird, day 1",1\r\n' +
      "\r\n" +
      'Q-2,r@example.com,"Multi\r\nLine",GA,2\r\n' +
      "Q-3,s@example.com,Sam,GA,501\r\n";
    const { rows, errors } = parseManualOrdersCsv(csv);
    expect(rows).toEqual([
      { line: 2, orderId: "Q-1", email: "q@example.com", name: 'Doe, Jane "JD"', ticketType: "Early bird, day 1", quantity: 1 },
      { line: 4, orderId: "Q-2", email: "r@example.com", name: "Multi\nLine", ticketType: "GA", quantity: 2 },
    ]);
    // The multi-line row starts on line 4, so the next one is on line 6.
    expect(errors).toEqual([{ line: 6, field: "quantity", message: QTY }]);
  });

  it("takes bytes, and refuses bytes that are not UTF-8", () => {
    const bytes = new TextEncoder().encode(`\uFEFF${HEADER}\nB-1,b@example.com,Björk,GA,1,,\n`);
    expect(parseManualOrdersCsv(bytes).rows[0]?.name).toBe("Björk");
    expect(parseManualOrdersCsv(new Uint8Array([0x6f, 0xff, 0xfe, 0x0a])).errors).toEqual([
      { line: 0, field: "file", message: "The file is not UTF-8 text" },
    ]);
  });

  it("reports an empty file, a header without rows, and a header missing a column", () => {
    for (const empty of ["", "\uFEFF", "  \r\n\n"]) {
      expect(parseManualOrdersCsv(empty)).toEqual({ rows: [], errors: [{ line: 0, field: "file", message: "The file is empty" }] });
    }
    expect(parseManualOrdersCsv(`${HEADER}\r\n`).errors).toEqual([
      { line: 0, field: "file", message: "The file has a header but no orders" },
    ]);
    expect(parseManualOrdersCsv("order_id,email,name,quantity\nA,a@example.com,A,1\n")).toEqual({
      rows: [],
      errors: [{ line: 1, field: "ticket_type", message: "The header has no ticket_type column" }],
    });
    expect(parseManualOrdersCsv("order_id,email,E-Mail,name,ticket_type,quantity\n").errors).toEqual([
      { line: 1, field: "email", message: "The header has email more than once" },
    ]);
  });

  it("reports missing cells, extra cells and required values row by row", () => {
    const csv = `${HEADER}\nA,a@example.com,Ann\nB,b@example.com,Bo,GA,1,,,surplus\nC,c@example.com,Cy,GA,1,,,\n,d@example.com,Di,GA,1,,\n`;
    const { rows, errors } = parseManualOrdersCsv(csv);
    expect(rows.map((r) => r.orderId)).toEqual(["C"]);
    expect(errors).toEqual([
      { line: 2, field: "ticket_type", message: "Required" },
      { line: 2, field: "quantity", message: "Required" },
      { line: 3, field: "row", message: "The row has 8 cells; the header has 7" },
      { line: 5, field: "order_id", message: "Required" },
    ]);
  });

  it("validates amount and currency together, in the currency's minor unit", () => {
    const csv = [
      HEADER,
      "A,a@example.com,A,GA,1,12.5,usd",
      "B,b@example.com,B,GA,1,1500,JPY",
      "C,c@example.com,C,GA,1,12.345,EUR",
      "D,d@example.com,D,GA,1,10,",
      "E,e@example.com,E,GA,1,ten,EUR",
      "F,f@example.com,F,GA,1,,EURO",
      "G,g@example.com,G,GA,1,1.5,JPY",
    ].join("\n");
    const { rows, errors } = parseManualOrdersCsv(csv);
    expect(rows.map((r) => [r.orderId, r.amount, r.currency])).toEqual([
      ["A", 1250, "USD"],
      ["B", 1500, "JPY"],
    ]);
    expect(errors).toEqual([
      { line: 4, field: "amount", message: "Not an amount in EUR, e.g. 25.00" },
      { line: 5, field: "currency", message: "Required when amount is given" },
      { line: 6, field: "amount", message: "Not an amount in EUR, e.g. 25.00" },
      { line: 7, field: "currency", message: "A three-letter currency code" },
      { line: 8, field: "amount", message: "Not an amount in JPY, e.g. 25.00" },
    ]);
  });

  it("refuses files over the row or byte limit with a clear error and no rows", () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `O-${i},u${i}@example.com,U,GA,1,,`);
    expect(parseManualOrdersCsv([HEADER, ...lines(5000)].join("\n")).rows).toHaveLength(5000);
    expect(parseManualOrdersCsv([HEADER, ...lines(5001)].join("\n"))).toEqual({
      rows: [],
      errors: [{ line: 0, field: "file", message: "The file has 5001 rows; at most 5,000 rows can be imported at once. Split it into smaller files." }],
    });
    expect(parseManualOrdersCsv([HEADER, ...lines(3)].join("\n"), { maxRows: 2 }).errors[0]?.message).toMatch(/at most 2/);
    const big = `${HEADER}\n${"x".repeat(1024 * 1024)}`;
    expect(parseManualOrdersCsv(big)).toEqual({
      rows: [],
      errors: [{ line: 0, field: "file", message: "The file is larger than 1024 KiB" }],
    });
  });

  it("reports a broken quote as a file error with its line", () => {
    expect(parseManualOrdersCsv(`${HEADER}\nA,a@example.com,"Unclosed,GA,1,,\n`)).toEqual({
      rows: [],
      errors: [{ line: 2, field: "file", message: "Not a readable CSV file near line 2" }],
    });
  });
});

describe("CSV import caps", () => {
  it("a CSV row over the units-per-line cap is refused with its own message, and 500 is allowed", () => {
    const csv = `${HEADER}\nA,a@example.com,A,GA,500,,\nB,b@example.com,B,GA,501,,\n`;
    const { rows, errors } = parseManualOrdersCsv(csv);
    expect(rows.map((r) => r.quantity)).toEqual([500]);
    expect(errors).toEqual([{ line: 3, field: "quantity", message: QTY }]);
  });
});
