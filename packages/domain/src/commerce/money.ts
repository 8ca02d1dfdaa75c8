// Amounts are kept as integers in the currency's minor unit (cents), as Stripe and Eventbrite send them. Retailers
// that send decimal strings (Shopify, a CSV) are converted with the currency's ISO 4217 exponent.

/**
 * ISO 4217 minor-unit exponents that are not 2. This table, not Intl.NumberFormat, decides: Intl uses CLDR's display
 * digits, which differ from ISO for some codes (IQD 0 instead of 3; COP, HUF, IDR, PKR and others 0 instead of 2),
 * and an amount stored in ISO minor units must be shown with ISO's exponent.
 */
const ZERO_DECIMAL = new Set([
  "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF",
]);
const THREE_DECIMAL = new Set(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]);
const FOUR_DECIMAL = new Set(["CLF", "UYW"]);

/** Upper-case ISO 4217 code, or null when the text is not three letters. */
export function normalizeCurrency(code: string): string | null {
  const upper = code.trim().toUpperCase();
  return /^[A-Z]{3}$/.test(upper) ? upper : null;
}

export function currencyExponent(currency: string): number {
  if (ZERO_DECIMAL.has(currency)) return 0;
  if (THREE_DECIMAL.has(currency)) return 3;
  if (FOUR_DECIMAL.has(currency)) return 4;
  return 2;
}

/** 123456 minor units with exponent 3 → "123.456", exactly (no floating point). */
function toDecimalText(amountMinor: number, exponent: number): string {
  const digits = Math.abs(amountMinor).toString().padStart(exponent + 1, "0");
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = exponent > 0 ? `.${digits.slice(digits.length - exponent)}` : "";
  return `${amountMinor < 0 ? "-" : ""}${whole}${fraction}`;
}

/**
 * The one way money is shown (pages, CSV, mail): an integer amount in the currency's ISO 4217 minor units, with
 * exactly ISO's number of decimals, e.g. `formatMoney(1234567, "IQD")` → "IQD 1,234.567". A code that Intl does not
 * know, or an amount that is not a safe integer, still comes back readable instead of throwing.
 */
export function formatMoney(amountMinor: number, currency: string, locale = "en-US"): string {
  const code = normalizeCurrency(currency) ?? currency.trim().toUpperCase();
  if (!Number.isSafeInteger(amountMinor)) return `${code} ${amountMinor}`;
  const exponent = currencyExponent(code);
  const decimal = toDecimalText(amountMinor, exponent);
  try {
    return new Intl.NumberFormat(locale, {
      style: "currency",
      currency: code,
      currencyDisplay: "code",
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
      // Intl formats a decimal string exactly; the cast is for typings that only list number and bigint.
    }).format(decimal as unknown as number).replace(/\u00a0/g, " ");
  } catch {
    return `${code} ${decimal}`;
  }
}

/** The same amount as a plain decimal in major units for CSV files ("1234.567"), with ISO's number of decimals. */
export function formatMoneyDecimal(amountMinor: number, currency: string): string {
  const code = normalizeCurrency(currency) ?? currency;
  return Number.isSafeInteger(amountMinor) ? toDecimalText(amountMinor, currencyExponent(code)) : String(amountMinor);
}

/**
 * "12.5" EUR → 1250. Null for anything that is not a non-negative decimal with at most the currency's number of
 * decimals, or that does not fit a safe integer.
 */
export function toMinorUnits(decimal: string, currency: string): number | null {
  const match = /^(\d{1,13})(?:\.(\d+))?$/.exec(decimal.trim());
  if (!match) return null;
  const exponent = currencyExponent(currency);
  const fraction = match[2] ?? "";
  if (fraction.length > exponent && !/^0*$/.test(fraction.slice(exponent))) return null;
  const minor = Number(`${match[1]}${fraction.slice(0, exponent).padEnd(exponent, "0")}`);
  return Number.isSafeInteger(minor) ? minor : null;
}
