export { addCoOwner } from "./add-co-owner";
export { createOrganizationAccount } from "./create-organization-account";
export { listAccountOwners } from "./list-account-owners";
export { listMyAccounts } from "./list-my-accounts";
export type { AccountOwner, OwnedAccount } from "./owners";
export { removeOwner } from "./remove-owner";
export { AccountIdInput, AddCoOwnerInput, CreateOrganizationAccountInput, RemoveOwnerInput } from "./schemas";
