export { archiveRoom } from "./archive-room";
export { createRoom } from "./create-room";
export { getRoom } from "./get-room";
export { moveRoom } from "./move-room";
export { restoreRoom } from "./restore-room";
export { CreateRoomInput, MoveRoomInput, RoomIdInput, type RoomRow, UpdateRoomInput } from "./schemas";
export { updateRoom } from "./update-room";
