export { GRANT_SOURCE_PRECEDENCE, grantsForTickets, revokeTicketGrants, TICKET_ROLE_ID, ticketClaim, ticketsClaimedOnSignIn } from "./access-sql";
export { type CheckInResult, checkInTicket } from "./check-in-ticket";
export { checkTicketCode, ticketCodeFor } from "./codes";
export { createTicketType } from "./create-ticket-type";
export { endOrderLiveAccess } from "./live-access";
export { type EventTicket, listAttendees, listCheckIns, ListEventTicketsInput } from "./list-event-tickets";
export {
  type Registration,
  registerFreeTicket,
  SALES_CLOSED_MESSAGE,
  SALES_NOT_OPEN_MESSAGE,
  SOLD_OUT_MESSAGE,
} from "./register-free-ticket";
export {
  CheckInInput,
  CreateTicketTypeInput,
  RegisterFreeTicketInput,
  TicketTypeIdInput,
  UpdateTicketTypeInput,
} from "./schemas";
export { type Availability, availabilityOf, type TicketType, type TicketTypeRow } from "./ticket-types";
export { archiveTicketType, updateTicketType } from "./update-ticket-type";
