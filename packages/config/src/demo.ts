/** The demo organizer the local seed creates. Local-only: the seed refuses to run against remote D1. */
export const DEMO_ORGANIZER = {
  userId: "demo0organizer0user00001",
  accountId: "demo0organizer0account01",
  eventId: "demo0event0launch0000001",
  roomId: "demo0room0mainstage00001",
  name: "Demo Organizer",
  email: "demo@greenroom.test",
  password: "greenroom-demo-password",
} as const;

/** The local platform admin the seed creates (users.platform_role = 'admin'), with a personal account of their own. */
export const DEMO_ADMIN = {
  userId: "demo0platform0admin00001",
  accountId: "demo0platform0admin0acct",
  name: "Platform Admin",
  email: "admin@greenroom.test",
  password: "greenroom-admin-password",
} as const;
