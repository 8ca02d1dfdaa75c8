export { adminOperationAction, adminOperations, ADMIN_OPERATIONS_LIMIT } from "./admin-operations";
export { deleteEvent } from "./delete-event";
export { deleteOwnAccount, deleteUser, SOLE_OWNER_MESSAGE } from "./delete-user";
export {
  checkRecordingGrant,
  markEventDeleting,
  markUserDeleting,
  removeDeletingEvent,
  removeDeletingUser,
  restoreDeletingEvent,
  restoreDeletingUser,
} from "./flow-steps";
export { getOperation } from "./get-operation";
export {
  beginCompensation,
  completeOperation,
  failOperation,
  finishCompensation,
  loadOperation,
  noteOperationError,
  recordOperationStep,
} from "./progress";
export { extendOperationDeadline, noteReconcileFailure, registerShards, resumeOperation, stuckOperations } from "./reconcile";
export { startRecording, stopRecording } from "./recording";
export { type RoomRecordingPanel, roomRecordingOperation, roomRecordingQuery, toRecordingPanel } from "./room-recording";
export * from "./schemas";
export {
  GENERIC_OPERATION_ERROR,
  OPERATION_LEASE_SECONDS,
  type OperationForFlow,
  type OperationKind,
  type OperationState,
  type OperationView,
  type StartedOperation,
} from "./shared";
