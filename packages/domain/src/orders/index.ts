export * from "./ingest-order";
export * from "./issue-sql";
export * from "./schemas";
export * from "./map-sku";
export * from "./retailer-connections";
export * from "./manual-orders";
export * from "./export-orders-csv";
export * from "./query";
