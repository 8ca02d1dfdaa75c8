export type { StageRpc } from "./index";
