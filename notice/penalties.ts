/**
 * Public entry of the penalty calculator (`dist/notice/penalties.js`): usable from any Node program or an n8n Code
 * node, without n8n. The implementation and the dated rate tables live in lib/notice/.
 */
export { computePenalties, PenaltyInputError, RATE_BOUNDS } from '../lib/notice/penalties';
export type { AppliedRate, InvoiceInput, InvoicePenalty, Payment, PenaltyInput, PenaltyResult, Slice } from '../lib/notice/penalties';
export { ECB_MRO, LEGAL_RATE_INDIVIDUAL_CREDITOR, LEGAL_RATE_PROFESSIONAL_CREDITOR, MissingRateError } from '../lib/notice/rates';
export type { RateOverrides } from '../lib/notice/rates';
