/** The Notice Generator node in-process: parameters → PDF binary + JSON; errors name the item and the field. */
import { createHash } from 'node:crypto';
import type { INodeExecutionData } from 'n8n-workflow';
import { NoticeGenerator } from '../../nodes/NoticeGenerator/NoticeGenerator.node';
import { fakeContext } from '../helpers/n8nContext';
import { clearEcbCache } from '../../lib/notice/ecb';
import { ecbServer } from '../helpers/ecb';
import { flat } from '../helpers/notice';
import { pdfText } from '../helpers/pdf';

const invoices = [{ number: 'F-2025-118', issueDate: '2025-12-01', dueDate: '2025-12-31', amount: 1234.5 }];

const parameters = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
	operation: 'generate',
	documentType: 'formalNotice',
	language: 'fr',
	reference: (i: number) => `MED-${i}`,
	creditorName: 'Atelier Lefèvre & Fils',
	creditorLegalForm: 'SARL',
	creditorSiren: '512345678',
	creditorAddress: '12, rue de la République\n69002 Lyon',
	signatoryName: 'Claire Lefèvre',
	place: 'Lyon',
	debtorType: 'professional',
	debtorName: (i: number) => ['Martin SARL', 'Durand SAS', 'Petit SA'][i],
	debtorAddress: '1 rue A\n75001 Paris',
	invoices: JSON.stringify(invoices),
	iban: 'FR7630006000011234567890189',
	previousReminders: '2026-01-05, 2026-01-15',
	options: { pdfA: true },
	'options.letterDate': '2026-02-20',
	...overrides,
});

async function run(
	params: Record<string, unknown>,
	items: INodeExecutionData[] = [{ json: {} }],
	continueOnFail = false,
) {
	const [out] = await new NoticeGenerator().execute.call(
		fakeContext({ credentials: {}, parameters: params, items, continueOnFail }),
	);
	return out;
}

async function failure(
	promise: Promise<unknown>,
): Promise<Error & { description?: string; context?: { itemIndex?: number } }> {
	try {
		await promise;
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected a failure');
}

describe('Notice Generator node', () => {
	it('outputs one PDF per item, paired, with amounts, check, SHA-256 and archive name', async () => {
		const out = await run(parameters(), [{ json: {} }, { json: {} }]);
		expect(out).toHaveLength(2);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const first = out[0];
		expect(first.json).toMatchObject({
			reference: 'MED-0',
			documentType: 'formalNotice',
			fileName: 'LRE_MiseEnDemeure_MartinSarl_2026-02-20.pdf',
			amounts: { interest: 20.96, indemnity: 40, totalClaimed: 1295.46 },
			check: { passed: true },
		});
		const binary = first.binary?.data;
		expect(binary?.mimeType).toBe('application/pdf');
		expect(binary?.fileName).toBe(first.json.fileName);
		const pdf = Buffer.from(binary?.data as string, 'base64');
		expect(createHash('sha256').update(pdf).digest('hex')).toBe(first.json.sha256);
		const text = flat(pdfText(pdf));
		expect(text).toContain('Martin SARL');
		expect(text).toContain('5 janvier 2026');
		expect(flat(out[1].json.text as string)).toContain('1 295,46 €');
	});

	it('a missing field stops the run with the item, the UI field and every problem; nothing is output', async () => {
		const error = await failure(
			run(parameters({ debtorAddress: (i: number) => (i === 1 ? '' : '1 rue A') }), [{ json: {} }, { json: {} }]),
		);
		expect(error.message).toMatch(
			/^Item 1: the formal notice cannot be written – "Debtor Address": debtor.address is missing/,
		);
		expect(error.context?.itemIndex).toBe(1);
		const several = await failure(run(parameters({ creditorSiren: '', iban: '', signatoryName: '' })));
		expect(several.message).toBe('Item 0: the formal notice cannot be written – 3 problems');
		expect(several.description).toContain('"Creditor SIREN/SIRET": creditor.siren is missing');
		expect(several.description).toContain('"Signatory Name": creditor.signatoryName is missing');
		expect(several.description).toContain('"IBAN / Payment Link": payment.iban or payment.link is missing');
	});

	it('with Continue On Fail a bad item becomes an error item and the others are written', async () => {
		const out = await run(
			parameters({ invoices: (i: number) => (i === 1 ? 'not json' : JSON.stringify(invoices)) }),
			[{ json: {} }, { json: {} }, { json: {} }],
			true,
		);
		expect(out).toHaveLength(3);
		expect(out[1].json.error).toBe('Item 1: "Invoices" is not valid JSON');
		expect(out[1].pairedItem).toEqual({ item: 1 });
		expect(out[0].binary?.data).toBeDefined();
		expect(out[2].binary?.data).toBeDefined();
	});

	it("Compute Penalties reads the date picker's value (ISO with time) as the plain day", async () => {
		const plain = await run({
			operation: 'computePenalties',
			debtorType: 'professional',
			invoices,
			asOf: '2026-02-20',
			options: {},
		});
		for (const picked of ['2026-02-20T00:00:00', '2026-02-20T18:30:00.000+01:00', '2026-02-19T23:30:00.000Z']) {
			const out = await run({
				operation: 'computePenalties',
				debtorType: 'professional',
				invoices,
				asOf: picked,
				options: {},
			});
			expect(out[0].json).toEqual(plain[0].json);
		}
		const bad = await failure(
			run({
				operation: 'computePenalties',
				debtorType: 'professional',
				invoices,
				asOf: '2026-02-30T00:00:00',
				options: {},
			}),
		);
		expect(bad.message).toBe('Item 0: "As Of" must be a date YYYY-MM-DD, not "2026-02-30T00:00:00"');
	});

	it('Compute Penalties gives the breakdown without a letter', async () => {
		const out = await run({
			operation: 'computePenalties',
			debtorType: 'professional',
			invoices,
			asOf: '2026-02-20',
			options: {},
		});
		expect(out[0].json).toMatchObject({
			asOf: '2026-02-20',
			totalInterest: 20.96,
			totalIndemnity: 40,
			totalDue: 1295.46,
		});
		expect(out[0].binary).toBeUndefined();
		const missing = await failure(
			run({ operation: 'computePenalties', debtorType: 'professional', invoices, asOf: '2026-09-01', options: {} }),
		);
		expect(missing.message).toContain('"Rate Overrides (JSON)"');
		expect(missing.message).toContain("rates.ecb['2026-H2']");
	});
});

describe('Notice Generator node — issue #14 inputs', () => {
	it("accepts the Dunning Plan's previousSteps list in Previous Reminders (today's comma-separated dates still work)", async () => {
		const previousReminders = [
			{ date: '2026-01-05', step: 'firstReminder' },
			{ date: '2026-01-15', step: 'secondReminder', reference: 'R2-1' },
		];
		const [out] = await run(parameters({ previousReminders }));
		expect(flat(pdfText(Buffer.from(out.binary?.data.data as string, 'base64')))).toContain(
			'Malgré nos relances des 5 et 15 janvier 2026',
		);
		const [consumer] = await run(
			parameters({
				debtorType: 'individual',
				debtorName: 'Mme Marie Durand',
				previousReminders: JSON.stringify([
					{ date: '2026-01-20', step: 'formalNotice', reference: 'MED-1', receivedAt: '2026-01-22' },
				]),
			}),
		);
		const text = flat(pdfText(Buffer.from(consumer.binary?.data.data as string, 'base64')));
		expect(text).toContain('Madame Durand,');
		expect(text).toContain('notre mise en demeure du 20 janvier 2026 (réf. MED-1), reçue le 22 janvier 2026');
		expect(consumer.json).toMatchObject({ amounts: { interest: 2.57 } });
		const bad = await failure(run(parameters({ previousReminders: [{ date: '2026-01-05', step: 'reminder' }] })));
		expect(bad.description).toContain(
			'"Previous Reminders": previousReminders[0].step must be firstReminder, secondReminder or formalNotice',
		);
	});

	it('new options print (RCS city, share capital, dispute contact, contract reference) and output the enclosures', async () => {
		const [out] = await run(
			parameters({
				options: {
					pdfA: false,
					rcsCity: 'Lyon',
					shareCapital: '10 000 €',
					contactName: 'Julie Martin',
					contractReference: 'C-17',
					contractualRate: 15,
				},
			}),
		);
		const text = flat(pdfText(Buffer.from(out.binary?.data.data as string, 'base64')));
		for (const part of [
			'SARL au capital de 10 000 € – RCS Lyon 512 345 678 – SIREN 512 345 678',
			'auprès de Julie Martin',
			'Contrat ou commande : C-17',
			'extrait de nos conditions générales de vente',
		])
			expect(text).toContain(part);
		expect(out.json.enclosures).toEqual([
			expect.objectContaining({ type: 'invoice', number: 'F-2025-118' }),
			expect.objectContaining({ type: 'termsOfSale' }),
		]);
		const limited = await failure(
			run(parameters({ debtorType: 'individual', 'options.limitationInterruptedOn': 'soon' })),
		);
		expect(limited.message).toContain('"Limitation Interrupted On" must be a date YYYY-MM-DD');
		const rate = await failure(run(parameters({ options: { pdfA: false, contractualRate: 1e12 } })));
		expect(rate.description).toContain(
			'"Contractual Penalty Rate (%)": contractualRate must be a yearly rate in percent from 0.01 to 100',
		);
	});

	it("ECB Rates Online reads a half-year the table lacks through n8n's HTTP helper (Generate and Compute)", async () => {
		const server = await ecbServer({ '2026-06-10': 2.0 });
		clearEcbCache();
		try {
			const off = await failure(run(parameters({ 'options.letterDate': '2026-09-15' })));
			expect(off.description).toContain('"Rate Overrides (JSON)": No ECB main refinancing rate is known for 2026-H2');
			const [out] = await run(
				parameters({
					'options.letterDate': '2026-09-15',
					options: { pdfA: false, ecbOnline: true, ecbBaseUrl: server.url },
				}),
			);
			expect((out.json.penalties as { rates: unknown[] }).rates).toEqual([
				{ halfYear: '2026-H1', percent: 12.15, basis: 'ecb' },
				{ halfYear: '2026-H2', percent: 12, basis: 'ecb' },
			]);
			const [computed] = await run({
				operation: 'computePenalties',
				debtorType: 'professional',
				invoices,
				asOf: '2026-09-15',
				options: { ecbOnline: true, ecbBaseUrl: server.url },
			});
			expect(computed.json.totalInterest).toBe((out.json.amounts as { interest: number }).interest);
			expect(server.requests).toHaveLength(1);
			clearEcbCache();
			server.status = 503;
			const down = await failure(
				run({
					operation: 'computePenalties',
					debtorType: 'professional',
					invoices,
					asOf: '2026-09-15',
					options: { ecbOnline: true, ecbBaseUrl: server.url },
				}),
			);
			expect(down.message).toContain(
				'"Rate Overrides (JSON)": No ECB main refinancing rate is known for 2026-H2 (the ECB Data Portal was asked: the ECB Data Portal could not be read for 2026-H2 (HTTP 503)): pass it as rates.ecb[\'2026-H2\']',
			);
		} finally {
			await server.close();
		}
	});
});
