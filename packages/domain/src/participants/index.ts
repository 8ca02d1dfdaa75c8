export { exportParticipantsCsv } from "./export-participants-csv";
export { listParticipants } from "./list-participants";
export { participantFilters } from "./participant-filters";
export type { ParticipantFilterOptions, ParticipantsPage } from "./pages";
export type { ParticipantEntry } from "./query";
export { ExportParticipantsCsvInput, ListParticipantsInput, ParticipantFiltersInput, ParticipantsFilter } from "./schemas";
