export { CODE_ALPHABET, checkCharacter, deriveCode, formatCode, parseCode } from "./code-format";
export { type CodeBatch, codeBatchCsv, createCodeBatch, listCodeBatches } from "./batches";
export { type AccountCredits, type PendingGrant, accountCredits } from "./ledger";
export { type ClaimGrant, type Redemption, grantEntry, markClaimGranted, redeemCreditCode } from "./redeem";
export { AccountCreditsInput, CreateCodeBatchInput, RedeemCodeInput } from "./schemas";
