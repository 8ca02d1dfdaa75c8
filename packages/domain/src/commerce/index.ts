export * from "./csv-orders";
export * from "./ics";
export * from "./money";
export * from "./retailer-payloads";
export * from "./secret-box";
export * from "./shopify-hmac";
export * from "./stripe-signature";
export * from "./ticket-code";
