export { type AccessPageData, AccessPageInput, accessPage } from "./access-page";
export { type EventPageData, EventPageInput, type EventSetup, eventPage } from "./event-page";
export { type EventsOverview, EventsOverviewInput, eventsOverview } from "./events-overview";
export { type ParticipantsPageData, participantsPage } from "./participants-page";
export { type RoomPageData, RoomPageInput, roomPage } from "./room-page";
export {
  type AccountAuditPageData,
  AccountAuditPageInput,
  type AccountPageData,
  AccountPageInput,
  type AccountRolesPageData,
  AccountRolesPageInput,
  accountAuditPage,
  accountPage,
  accountRolesPage,
} from "./account-pages";
export * from "./orders-page";
export { type ApiKeysPageData, ApiKeysPageInput, apiKeysPage } from "./api-keys-page";
