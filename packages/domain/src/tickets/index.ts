export { GRANT_SOURCE_PRECEDENCE, grantsForTickets, revokeTicketGrants, TICKET_ROLE_ID, ticketClaim } from "./access-sql";
