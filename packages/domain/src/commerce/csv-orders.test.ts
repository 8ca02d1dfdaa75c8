import { describe, expect, it } from "vitest";
import { parseManualOrdersCsv } from "./csv-orders";

// The same parser inside workerd: csv-parse's sync entry must load and run in the Worker runtime (it relies on the
// Buffer global that nodejs_compat provides). The full behaviour is covered by csv-orders.unit.test.ts.
describe("parseManualOrdersCsv in workerd", () => {
  it("parses bytes with a BOM, CRLF and quoted fields, and reports a bad row", () => {
    const csv = new TextEncoder().encode(
      '\uFEFFOrder ID,Email,Name,Ticket Type,Quantity\r\nW-1,w@example.com,"Wu, Wei",GA,2\r\nW-2,nope,X,GA,1\r\n',
    );
    expect(parseManualOrdersCsv(csv)).toEqual({
      rows: [{ line: 2, orderId: "W-1", email: "w@example.com", name: "Wu, Wei", ticketType: "GA", quantity: 2 }],
      errors: [{ line: 3, field: "email", message: "Not a valid email address" }],
    });
  });
});
