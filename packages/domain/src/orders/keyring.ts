import { CommerceKeyring } from "../commerce/secret-box";

// Parsed once per COMMERCE_KEYS value (per isolate in practice); the keyring never prints its key bytes.
const keyrings = new Map<string, CommerceKeyring>();

/** The keyring for a COMMERCE_KEYS value, or null when retailer connections are not configured. */
export function commerceKeyring(keys: string | null): CommerceKeyring | null {
  if (!keys) return null;
  let keyring = keyrings.get(keys);
  if (!keyring) {
    keyring = CommerceKeyring.parse(keys);
    keyrings.set(keys, keyring);
  }
  return keyring;
}
