/** Notice Generator → Generate Notice (nodes/NoticeGenerator/actions/generate.operation.ts). */
import { createHash } from 'node:crypto';
import { NoticeGenerator } from '../../../../../nodes/NoticeGenerator/NoticeGenerator.node';
import { failureOf, runNode } from '../../../../helpers/n8nContext';

const parameters = (overrides: Record<string, unknown> = {}) => ({
	operation: 'generate',
	documentType: 'firstReminder',
	language: 'en',
	reference: (i: number) => `REM-${i}`,
	creditorName: 'Atelier Lefèvre',
	creditorSiren: '512345678',
	creditorAddress: '12 rue de la République\n69002 Lyon',
	place: 'Lyon',
	debtorType: 'professional',
	debtorName: 'Martin SARL',
	debtorAddress: '1 rue A\n75001 Paris',
	invoices: [{ number: 'F-2025-118', issueDate: '2025-12-01', dueDate: '2025-12-31', amount: 1234.5 }],
	iban: 'FR7630006000011234567890189',
	options: { pdfA: false, binaryPropertyName: 'letter' },
	'options.letterDate': '2026-02-20',
	...overrides,
});
const generate = (params: Record<string, unknown>, items = 1, continueOnFail = false) =>
	runNode(new NoticeGenerator(), {
		credentials: {},
		parameters: params,
		items: Array.from({ length: items }, () => ({ json: {} })),
		continueOnFail,
	});

describe('Notice Generator → Generate Notice', () => {
	it('writes one PDF per item into "Put Output File in Field", with its SHA-256, archive name and the letter text', async () => {
		const { out } = await generate(parameters());
		expect(out).toHaveLength(1);
		const [item] = out;
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({
			reference: 'REM-0',
			documentType: 'firstReminder',
			language: 'en',
			letterDate: '2026-02-20',
			debtorName: 'Martin SARL',
			pdfA: false,
			check: { passed: true },
		});
		expect(Object.keys(item.binary ?? {})).toEqual(['letter']);
		const pdf = Buffer.from(String(item.binary?.letter.data), 'base64');
		expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		expect(createHash('sha256').update(pdf).digest('hex')).toBe(item.json.sha256);
		expect(item.binary?.letter).toMatchObject({ mimeType: 'application/pdf', fileName: item.json.fileName });
		expect(String(item.json.fileName)).toMatch(/_MartinSarl_2026-02-20\.pdf$/);
		expect(String(item.json.text)).toContain('F-2025-118');
	});

	it('a field the letter needs names the item, the field and every problem; nothing is output', async () => {
		const error = await failureOf(
			generate(
				parameters({
					debtorAddress: (i: number) => (i === 1 ? '' : '1 rue A\n75001 Paris'),
					creditorName: (i: number) => (i === 1 ? '' : 'A'),
				}),
				2,
			),
		);
		expect(error.message).toMatch(/^Item 1: the reminder cannot be written – 2 problems$/);
		expect(error.description).toContain('"Debtor Address"');
		expect(error.description).toContain('"Creditor Name"');
	});

	it('Continue On Fail: a bad item is an error item, paired; the others are written', async () => {
		const { out } = await generate(
			parameters({ 'options.letterDate': (i: number) => (i === 0 ? 'soon' : '2026-02-20') }),
			2,
			true,
		);
		expect(out[0]).toMatchObject({
			json: { error: 'Item 0: "Letter Date" must be a date YYYY-MM-DD, not "soon"' },
			pairedItem: { item: 0 },
		});
		expect(out[1].json.reference).toBe('REM-1');
	});
});
