export type WorkersEnv = {
  SESSIONS_DB_0000: D1Database;
};
