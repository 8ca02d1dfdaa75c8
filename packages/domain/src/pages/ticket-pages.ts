// The ticket pages' verbs, an entry of their own (`@greenroom/domain/ticket-pages`): the other pages import the
// `pages` entry and so never bundle ticket codes, calendar files and the rest that only these pages need.
export { type CheckInMatch, type CheckInPageData, CheckInPageInput, checkInPage } from "./check-in-page";
export { type MyEvent, type MyEventsData, type MyRoom, type MyTicket, MyEventsPageInput, myEventsPage } from "./my-events-page";
export {
  type PublicEventPageData,
  PublicEventPageInput,
  type PublicRegistration,
  type PublicTicketType,
  publicEventPage,
} from "./public-event-page";
export { formatShortCode } from "../tickets/short-code";
export { type TicketsPageData, TicketsPageInput, ticketsPage } from "./tickets-page";
