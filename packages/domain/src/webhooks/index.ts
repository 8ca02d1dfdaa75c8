export * from "./handle-webhook";
export * from "./record-delivery";
