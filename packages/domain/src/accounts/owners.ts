export type OwnedAccount = { id: string; name: string; kind: "personal" | "organization" };

export type AccountOwner = { userId: string; email: string; name: string; since: Date };

export type OwnerRow = { user_id: string; email: string; name: string; created_at: number };

export const toOwner = (r: OwnerRow): AccountOwner => ({
  userId: r.user_id,
  email: r.email,
  name: r.name,
  since: new Date(r.created_at * 1000),
});
