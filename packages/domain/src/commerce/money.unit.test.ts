import { describe, expect, it } from "vitest";
import { currencyExponent, formatMoney, formatMoneyDecimal, toMinorUnits } from "./money";

describe("formatMoney", () => {
  it("shows IQD with ISO 4217's three decimals, where Intl's default shows none", () => {
    expect(formatMoney(1_234_567, "IQD")).toBe("IQD 1,234.567");
    // The amount ingestion stores for "1234.567" IQD is shown as that amount again.
    expect(formatMoney(toMinorUnits("1234.567", "IQD") ?? 0, "IQD")).toBe("IQD 1,234.567");
  });

  it("uses ISO's exponent for every currency where Intl's default disagrees", () => {
    expect(formatMoney(150_000, "COP")).toBe("COP 1,500.00");
    expect(formatMoney(123_45, "HUF")).toBe("HUF 123.45");
    expect(formatMoney(99, "IDR")).toBe("IDR 0.99");
    expect(formatMoney(5, "PKR")).toBe("PKR 0.05");
  });

  it("shows zero-, three- and four-decimal currencies with their own exponent", () => {
    expect(formatMoney(1500, "JPY")).toBe("JPY 1,500");
    expect(formatMoney(1500, "KRW")).toBe("KRW 1,500");
    for (const code of ["KWD", "BHD", "JOD", "OMR", "TND", "LYD"]) {
      expect(currencyExponent(code)).toBe(3);
      expect(formatMoney(1005, code)).toBe(`${code} 1.005`);
    }
    expect(formatMoney(12_345, "CLF")).toBe("CLF 1.2345");
    expect(formatMoney(4900, "EUR")).toBe("EUR 49.00");
  });

  it("is exact for large amounts, negatives and lower-case codes", () => {
    expect(formatMoney(900_719_925_474_099, "USD")).toBe("USD 9,007,199,254,740.99");
    expect(formatMoney(-250, "eur")).toBe("-EUR 2.50");
    expect(formatMoney(7, "USD")).toBe("USD 0.07");
  });

  it("stays readable for a code Intl does not know or an amount that is not an integer", () => {
    expect(formatMoney(100, "ZZZ")).toMatch(/ZZZ/);
    expect(formatMoney(1.5, "USD")).toBe("USD 1.5");
  });
});

describe("formatMoneyDecimal", () => {
  it("writes major units with ISO's decimals, as the CSV import reads them back", () => {
    expect(formatMoneyDecimal(1_234_567, "IQD")).toBe("1234.567");
    expect(formatMoneyDecimal(1500, "JPY")).toBe("1500");
    expect(formatMoneyDecimal(5, "EUR")).toBe("0.05");
    expect(toMinorUnits(formatMoneyDecimal(1_234_567, "IQD"), "IQD")).toBe(1_234_567);
  });
});
