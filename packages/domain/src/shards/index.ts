export { type AdminSessionLogs, adminSessionLogs } from "./admin-session-logs";
export { type AdminShard, type AdminShardsPage, type ShardCandidate, adminShardsPage } from "./admin-shards-page";
export { shardFromRows, shardStatements } from "./assign";
export { pinAccountToShard } from "./pin-account-to-shard";
export { registerShard } from "./register-shard";
export {
  AdminSessionLogsInput,
  AdminShardsPageInput,
  PinAccountToShardInput,
  RegisterShardInput,
  SetShardModeInput,
  SHARD_MODES,
  type ShardMode,
} from "./schemas";
export { setShardMode } from "./set-shard-mode";
