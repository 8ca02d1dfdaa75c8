export { listAccountAudit } from "./list-account-audit";
export type { AuditEntryView, AuditPage } from "./query";
export { ListAccountAuditInput } from "./schemas";
