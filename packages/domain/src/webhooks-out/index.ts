export * from "./deliver";
export * from "./outbox-sql";
export * from "./schemas";
export * from "./signing";
export * from "./subscriptions";
export * from "./url-safety";
export * from "./delivery-source";
export * from "./page";
