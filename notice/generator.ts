/**
 * Public entry of the notice engine (`dist/notice/generator.js`): reminders and formal notices as checked PDFs,
 * without n8n. `generateNotice(input, { pdfA })` → { pdf, sha256, fileName, subject, text, amounts, penalties, check }.
 */
export { computePenaltiesOnline, generateNotice, plainText } from '../lib/notice/generate';
export type { EcbOnline, GeneratedNotice, GenerateOptions } from '../lib/notice/generate';
export { composeNotice } from '../lib/notice/compose';
export type { Enclosure } from '../lib/notice/compose';
export { LIMITS, NoticeInputError } from '../lib/notice/model';
export { ECB_DATA_PORTAL } from '../lib/notice/ecb';
export type { Creditor, CustomTemplate, Debtor, Language, NoticeInput, NoticeInvoice, NoticeKind, PreviousReminder } from '../lib/notice/model';
export { PLACEHOLDERS } from '../lib/notice/placeholders';
