/**
 * Hostile input: a generated corpus of well over 1,000 bad items (missing, oversized, odd-Unicode and wrongly typed
 * fields, negative or absurd amounts, invalid dates, injection strings) through Notice Generator, LRE Send and Debtor
 * Consent Invite. Each item must end as a clear error naming its item and the field, nothing may crash, and LRE Send
 * must not call the provider for any of them.
 */
import type { INodeExecutionData, INodeType } from 'n8n-workflow';
import { DebtorConsentInvite } from '../../nodes/DebtorConsentInvite/DebtorConsentInvite.node';
import { LreSend } from '../../nodes/LreSend/LreSend.node';
import { NoticeGenerator } from '../../nodes/NoticeGenerator/NoticeGenerator.node';
import type { RunningSandbox } from '../../sandbox/server';
import { fakeContext } from '../helpers/n8nContext';
import { sandbox, sandboxCredentials } from '../helpers/sandbox';

type Params = Record<string, unknown>;

const BAD_TEXT: unknown[] = [
	'',
	'   ',
	'x'.repeat(5000),
	'Dupont\u0000SARL',
	'Dupont\u202eLRAS',
	'Du\ufeffpont',
	'Dupont\u0007',
	{ name: 'Dupont' },
	['Dupont'],
	true,
];
const BAD_DATES: unknown[] = [
	'2026-02-30',
	'31/12/2025',
	'tomorrow',
	'2026-13-01',
	"2026-01-01'; DROP TABLE invoices;--",
	'{{ $now }}',
	20260101,
];
const BAD_AMOUNTS: unknown[] = [-1, 0, 1e15, 'abc', null, '12,50', Number.NaN, { value: 10 }];
const INJECTIONS = [
	'{{ $env.N8N_ENCRYPTION_KEY }}',
	"{{ $('Settings').item.json.privateKey }}",
	'<script>alert(1)</script>',
	'${process.exit(1)}',
	'{{constructor.constructor("return process")()}}',
];

const invoice = { number: 'F-1', issueDate: '2025-12-01', dueDate: '2025-12-31', amount: 1234.5 };

const noticeBase: Params = {
	operation: 'generate',
	documentType: 'formalNotice',
	language: 'fr',
	reference: 'MED-1',
	creditorName: 'ACME SAS',
	creditorLegalForm: 'SAS',
	creditorSiren: '552100554',
	creditorAddress: '1 rue A\n69001 Lyon',
	signatoryName: 'Claire Dumas',
	place: 'Lyon',
	debtorType: 'professional',
	debtorName: 'Martin SARL',
	debtorAddress: '2 rue B\n75001 Paris',
	invoices: [invoice],
	iban: 'FR7630006000011234567890189',
	previousReminders: '2026-01-05',
	options: { pdfA: false },
	'options.letterDate': '2026-02-20',
};

function noticeCorpus(): Params[] {
	const items: Params[] = [];
	for (const field of [
		'reference',
		'creditorName',
		'creditorSiren',
		'creditorAddress',
		'signatoryName',
		'place',
		'debtorName',
		'debtorAddress',
	]) {
		for (const bad of BAD_TEXT) items.push({ [field]: bad });
	}
	for (const field of ['debtorContact', 'creditorEmail', 'bic'])
		for (const bad of BAD_TEXT.slice(2)) items.push({ [field]: bad });
	for (const bad of BAD_DATES) {
		items.push({ 'options.letterDate': bad });
		items.push({ invoices: [{ ...invoice, dueDate: bad }] });
		items.push({ invoices: [{ ...invoice, issueDate: bad }] });
		items.push({ previousReminders: JSON.stringify([{ date: bad }]) });
		items.push({ invoices: [{ ...invoice, payments: [{ date: bad, amount: 10 }] }] });
	}
	for (const bad of BAD_AMOUNTS) {
		items.push({ invoices: [{ ...invoice, amount: bad }] });
		items.push({ invoices: [{ ...invoice, payments: [{ date: '2026-01-10', amount: bad }] }] });
	}
	for (const bad of [
		'not json',
		'{}',
		'[]',
		'[1]',
		'[{"number": ""}]',
		'{"number":"F-1"}',
		JSON.stringify(Array.from({ length: 201 }, (_, i) => ({ ...invoice, number: `F-${i}` }))),
	])
		items.push({ invoices: bad });
	for (const bad of [
		'FR76',
		'FR76 3000 6000 0112 3456 7890 18@',
		'javascript:alert(1)',
		INJECTIONS[2],
		'12345678901234567890',
	])
		items.push({ iban: bad });
	for (const bad of ['javascript:alert(1)', 'ftp://pay.example', 'pay.example.fr', INJECTIONS[0]])
		items.push({ iban: '', paymentLink: bad });
	for (const bad of [0, -1, 1000, 1.5]) items.push({ options: { pdfA: false, paymentDeadlineDays: bad } });
	for (const bad of [1, 13, 2.5, -3]) items.push({ options: { pdfA: false, instalments: bad } });
	for (const bad of ['robot', '', 'PROFESSIONAL']) items.push({ debtorType: bad });
	for (const bad of ['bogus', '']) items.push({ documentType: bad });
	for (const bad of ['de', '']) items.push({ language: bad });
	// Issue #14 / #16 item 9: facts a letter must not state, and what one letter may contain.
	items.push({ invoices: [invoice, { ...invoice }] }); // the same invoice twice
	items.push({ invoices: [{ ...invoice, payments: [{ date: '2026-01-10', amount: 1500 }] }] }); // overpaid
	items.push({ invoices: [{ ...invoice, amount: 1234.567 }] });
	items.push({ invoices: [{ ...invoice, issueDate: '2026-01-15' }] }); // issued after its due date
	items.push({ invoices: [{ ...invoice, number: 'F'.repeat(61) }] });
	items.push({ invoices: Array.from({ length: 61 }, (_, i) => ({ ...invoice, number: `F-${i}` })) });
	items.push({
		invoices: [{ ...invoice, payments: Array.from({ length: 21 }, () => ({ date: '2026-01-10', amount: 1 })) }],
	});
	items.push({ previousReminders: JSON.stringify([{ date: '2026-03-01' }]) }); // after the letter
	items.push({ previousReminders: [{ date: '2026-01-05', step: 'relance' }] });
	items.push({ previousReminders: [{ date: '2026-01-05', receivedAt: '2026-01-01' }] });
	items.push({ options: { pdfA: false, contractualRate: 1e12 } });
	items.push({ 'options.rates': JSON.stringify({ ecb: { '2026-H1': -50 } }) });
	items.push({ options: { pdfA: false, rcsCity: 'x'.repeat(301) } });
	items.push({ options: { pdfA: false, contractReference: 'Lyon\u202e' } });
	items.push({ documentType: 'secondReminder', previousReminders: '' });
	items.push({ invoices: [{ ...invoice, dueDate: '2026-03-01' }] });
	items.push({ 'options.letterDate': '2026-09-01' }); // rate of 2026-H2 unknown
	// Expressions smuggled into a template are unknown placeholders (never evaluated); plain markup is just text (below).
	for (const injection of INJECTIONS.filter((i) => i.includes('{{'))) {
		items.push({
			options: {
				pdfA: false,
				customSubject: `MISE EN DEMEURE ${injection}`,
				customBody:
					'Nous vous mettons en demeure de payer {{total_reclame}} avant le {{date_limite_paiement}} (pénalités L441-10, indemnité D441-5), IBAN {{iban}}, sinon injonction de payer.',
			},
		});
		items.push({
			options: {
				pdfA: false,
				customSubject: 'MISE EN DEMEURE',
				customBody: `Bonjour ${injection}, payez {{total_reclame}}.`,
			},
		});
	}
	items.push({
		options: {
			pdfA: false,
			customSubject: 'Facture {{numero_facture}}',
			customBody: 'Merci de payer {{total_reclame}}.',
		},
	}); // no formal-notice wording
	// Three base documents × every defect.
	const variants: Params[] = [
		{},
		{ documentType: 'secondReminder', language: 'en' },
		{ documentType: 'firstReminder' },
		{ language: 'en', debtorType: 'individual' },
	];
	// A blank signatory is a defect of formal notices only (reminders need no signatory); an unknown B2B rate does not
	// matter to a consumer, whose interest only runs from a formal notice, nor to a first reminder, which claims none.
	const appliesTo = (variant: Params, defect: Params) =>
		!(
			variant.documentType &&
			'signatoryName' in defect &&
			typeof defect.signatoryName === 'string' &&
			!defect.signatoryName.trim()
		) &&
		!(
			(variant.debtorType === 'individual' || variant.documentType === 'firstReminder') &&
			defect['options.letterDate'] === '2026-09-01'
		);
	return variants.flatMap((variant) =>
		items.filter((defect) => appliesTo(variant, defect)).map((defect) => ({ ...noticeBase, ...variant, ...defect })),
	);
}

const sendBase: Params = {
	resource: 'letter',
	operation: 'send',
	letterType: 'lre',
	reference: 'REF-1',
	recipientEmail: 'marie.durand@example.org',
	debtorType: 'professional',
	recipientCompany: 'Martin SARL',
	recipientFirstName: '',
	recipientLastName: '',
	consentEvidence: [],
	content: 'Mise en demeure',
	attachmentProperties: '',
	eidasAuthentication: 'otpCode',
	otpCode: '123456',
	additionalFields: {},
	options: {},
};

function sendCorpus(): Params[] {
	const items: Params[] = [];
	for (const bad of [...BAD_TEXT, 'R'.repeat(256)]) items.push({ reference: bad });
	for (const bad of [
		'',
		'marie',
		'a@b',
		'<script>@x.fr',
		'marie@example.org\r\nBcc: x@y.z',
		`${'m'.repeat(300)}@x.fr`,
		'marie durand@example.org',
		INJECTIONS[0],
		{ email: 'a@b.fr' },
		['a@b.fr'],
	])
		items.push({ recipientEmail: bad });
	for (const bad of BAD_TEXT) items.push({ recipientCompany: bad });
	for (const bad of BAD_TEXT)
		items.push({ debtorType: 'individual', recipientFirstName: bad, recipientLastName: 'Durand', consentEvidence: [] });
	for (const bad of BAD_TEXT)
		items.push({ debtorType: 'individual', recipientFirstName: 'Marie', recipientLastName: bad, consentEvidence: [] });
	for (const bad of ['robot', '']) items.push({ debtorType: bad });
	// Individuals without valid consent evidence: no qualified LRE.
	for (const bad of [
		[],
		'not json',
		[
			{
				kind: 'lre-consent',
				decision: 'accepted',
				email: 'someone.else@example.org',
				recordedAt: '2026-01-01T10:00:00+01:00',
			},
		],
		[
			{
				kind: 'lre-consent',
				decision: 'declined',
				email: 'marie.durand@example.org',
				recordedAt: '2026-01-01T10:00:00+01:00',
			},
		],
		[{ kind: 'other' }],
		[{ kind: 'lre-consent', decision: 'accepted', email: 'marie.durand@example.org', recordedAt: 'yesterday' }],
		{ kind: 'lre-consent' },
		INJECTIONS[1],
	]) {
		items.push({
			debtorType: 'individual',
			recipientFirstName: 'Marie',
			recipientLastName: 'Durand',
			consentEvidence: bad,
		});
	}
	for (const bad of [{ text: 'x' }, ['x'], '', 'x'.repeat(9000)]) items.push({ content: bad });
	for (const bad of ['data', 'invoice,data']) items.push({ attachmentProperties: bad });
	for (const bad of ['javascript:alert(1)', 'ftp://hook', 'not a url', INJECTIONS[2]])
		items.push({ additionalFields: { webhookUrl: bad } });
	for (const bad of ['', '   ']) items.push({ otpCode: bad });
	return [
		{},
		{ letterType: 'ere' },
		{ recipientEmail: 'ap@martin.example' },
		{ reference: 'REF-2', options: { batchConcurrency: 3 } },
	].flatMap((variant) =>
		items
			.filter((d) => !(variant.letterType === 'ere' && ('otpCode' in d || 'consentEvidence' in d)))
			.map((defect) => ({ ...sendBase, ...variant, ...defect })),
	);
}

const inviteBase: Params = {
	operation: 'createInvite',
	debtorName: 'Marie Durand',
	debtorEmail: 'marie.durand@example.org',
	debtorType: 'individual',
	senderName: 'ACME Industries SAS',
	pageUrl: 'https://n8n.example.com/webhook/lre-consent',
	language: 'fr',
	validDays: 14,
};

function consentCorpus(): Params[] {
	const items: Params[] = [];
	for (const field of ['debtorName', 'senderName']) for (const bad of BAD_TEXT) items.push({ [field]: bad });
	for (const bad of [
		'',
		'marie',
		'a@b',
		'<script>@x.fr',
		'marie@example.org\nBcc: x@y.z',
		INJECTIONS[0],
		{ email: 'a@b.fr' },
	])
		items.push({ debtorEmail: bad });
	for (const bad of ['', 'javascript:alert(1)', 'ftp://x.example', 'not a url', INJECTIONS[2], { url: 'https://x' }])
		items.push({ pageUrl: bad });
	for (const bad of ['de', '']) items.push({ language: bad });
	for (const bad of [0, -5, 1000, 2.5, 'abc']) items.push({ validDays: bad });
	for (const bad of ['robot', '']) items.push({ debtorType: bad });
	const invites = [
		...items.map((defect) => ({ ...inviteBase, ...defect })),
		...items.map((defect) => ({ ...inviteBase, validDays: 30, debtorType: 'professional', ...defect })),
	];
	// Forged, malformed and tampered tokens at the consent page's answer.
	const tokens = [
		'',
		'abc',
		'a.b',
		'eyJpZCI6IngifQ.c2lnbmF0dXJl',
		`${'A'.repeat(400)}.${'B'.repeat(43)}`,
		INJECTIONS[0],
		'../../etc/passwd',
		'x.y.z',
	];
	const answers = tokens.flatMap((token) =>
		['accept', 'decline', 'maybe'].map((decision) => ({
			operation: 'recordResponse',
			token,
			decision,
			ip: '192.0.2.1',
			userAgent: 'hostile',
		})),
	);
	return [...invites, ...answers];
}

let sbx: RunningSandbox;
let credentials: Record<string, unknown>;

beforeAll(async () => {
	sbx = await sandbox({ staticOtp: '123456' });
	credentials = sandboxCredentials(sbx);
});
afterAll(() => sbx.close());

/** Runs a node over the corpus with Continue On Fail; returns the output items. */
async function runCorpus(node: INodeType, corpus: Params[]): Promise<INodeExecutionData[]> {
	const names = [...new Set(corpus.flatMap((p) => Object.keys(p)))];
	const parameters = Object.fromEntries(names.map((name) => [name, (i: number) => corpus[i][name]]));
	const items = corpus.map(() => ({ json: {} }));
	const result = (await (node.execute as NonNullable<INodeType['execute']>).call(
		fakeContext({ credentials, parameters, items, continueOnFail: true, staticData: {} }),
	)) as INodeExecutionData[][];
	return result[0];
}

function expectEveryItemRefused(out: INodeExecutionData[], count: number) {
	expect(out).toHaveLength(count);
	const bad = out
		.map((item, i) => ({
			i,
			error: String(item.json.error ?? ''),
			description: String((item.json.details as { description?: string } | undefined)?.description ?? ''),
			paired: item.pairedItem,
		}))
		.filter(
			({ i, error, description, paired }) =>
				!(
					new RegExp(`^Item ${i}: `).test(error) &&
					/"[^"]+"/.test(`${error} ${description}`) &&
					(paired as { item: number }).item === i
				),
		);
	expect(bad.slice(0, 5)).toEqual([]);
}

describe('hostile input', () => {
	const notices = noticeCorpus();
	const sends = sendCorpus();
	const consents = consentCorpus();

	it('has a corpus of more than 1,000 bad items', () => {
		expect(notices.length + sends.length + consents.length).toBeGreaterThan(1000);
	});

	it('Notice Generator: every bad item is a clear error naming item and field; nothing crashes', async () => {
		expectEveryItemRefused(await runCorpus(new NoticeGenerator(), notices), notices.length);
	}, 120_000);

	it('LRE Send: every bad item is refused locally — no call to the provider at all', async () => {
		const before = sbx.requests.length;
		expectEveryItemRefused(await runCorpus(new LreSend(), sends), sends.length);
		expect(sbx.requests.slice(before).map((r) => r.path)).toEqual([]);
	}, 120_000);

	it('Debtor Consent Invite: bad invites and forged or malformed answers are refused', async () => {
		expectEveryItemRefused(await runCorpus(new DebtorConsentInvite(), consents), consents.length);
	}, 120_000);

	it('markup and code in names and templates are printed literally, never evaluated', async () => {
		const literal = INJECTIONS.filter((i) => !i.includes('{{'));
		const corpus = literal.flatMap((injection) => [
			{ ...noticeBase, debtorName: `Martin ${injection}` },
			{
				...noticeBase,
				options: {
					pdfA: false,
					customSubject: `MISE EN DEMEURE ${injection}`,
					customBody:
						'Nous vous mettons en demeure de payer {{total_reclame}} avant le {{date_limite_paiement}} (pénalités L441-10, indemnité D441-5), IBAN {{iban}}, sinon injonction de payer.',
				},
			},
		]);
		const out = await runCorpus(new NoticeGenerator(), corpus);
		out.forEach((item, i) => {
			const injection = literal[Math.floor(i / 2)];
			expect(item.json.error).toBeUndefined();
			expect(i % 2 === 0 ? item.json.debtorName : item.json.subject).toContain(injection);
		});
	});

	it('without Continue On Fail the first bad item stops the run with a NodeOperationError, not a crash', async () => {
		for (const [node, corpus] of [
			[new NoticeGenerator(), notices],
			[new LreSend(), sends],
			[new DebtorConsentInvite(), consents],
		] as const) {
			const names = [...new Set(corpus.flatMap((p) => Object.keys(p)))];
			const parameters = Object.fromEntries(names.map((name) => [name, (i: number) => corpus[i][name]]));
			const error = await (node.execute as NonNullable<INodeType['execute']>)
				.call(fakeContext({ credentials, parameters, items: [{ json: {} }], staticData: {} }))
				.then(
					() => null,
					(e: Error) => e,
				);
			expect(error?.name).toBe('NodeOperationError');
			expect(error?.message).toMatch(/^Item 0: /);
		}
	});
});
