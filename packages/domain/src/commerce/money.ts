// Amounts are kept as integers in the currency's minor unit (cents), as Stripe and Eventbrite send them. Retailers
// that send decimal strings (Shopify, a CSV) are converted with the currency's ISO 4217 exponent.

/** ISO 4217 currencies without minor units, and those with three decimals; every other currency has two. */
const ZERO_DECIMAL = new Set([
  "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF",
]);
const THREE_DECIMAL = new Set(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]);

/** Upper-case ISO 4217 code, or null when the text is not three letters. */
export function normalizeCurrency(code: string): string | null {
  const upper = code.trim().toUpperCase();
  return /^[A-Z]{3}$/.test(upper) ? upper : null;
}

export function currencyExponent(currency: string): number {
  if (ZERO_DECIMAL.has(currency)) return 0;
  if (THREE_DECIMAL.has(currency)) return 3;
  return 2;
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
