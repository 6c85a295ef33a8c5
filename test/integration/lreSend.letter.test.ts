/** LRE Send letter operations against the real sandbox over HTTP. */
import { createHash } from 'node:crypto';
import type { INodeExecutionData } from 'n8n-workflow';
import { LreSend } from '../../nodes/LreSend/LreSend.node';
import type { RunningSandbox } from '../../sandbox/server';
import { failure } from '../helpers/failure';
import { fakeContext } from '../helpers/n8nContext';
import { pdfText } from '../helpers/pdf';
import { call, control, sandbox, sandboxCredentials } from '../helpers/sandbox';

let sbx: RunningSandbox;
let credentials: Record<string, unknown>;

beforeAll(async () => {
	sbx = await sandbox({ staticOtp: '123456' });
	credentials = sandboxCredentials(sbx, 2);
});
afterAll(() => sbx.close());
afterEach(() => control(sbx.url(), 'DELETE', '/faults'));

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const pdf = (label: string) => Buffer.from(`%PDF-1.4\n% ${label}\n%%EOF\n`);
const binary = (data: Buffer, fileName: string) => ({
	data: data.toString('base64'),
	mimeType: 'application/pdf',
	fileName,
});

const consent = (email: string, decision = 'accepted') => ({
	kind: 'lre-consent',
	decision,
	email,
	recordedAt: '2026-01-10T10:00:00+01:00',
	tokenId: 'tok-1',
});

type Params = Record<string, unknown>;

/** Base parameters of a Send: an ERE to a professional, so each test states only what it changes. */
const sendParams = (extra: Params = {}): Params => ({
	resource: 'letter',
	operation: 'send',
	letterType: 'ere',
	debtorType: 'professional',
	recipientCompany: 'Martin SARL',
	recipientFirstName: '',
	recipientLastName: '',
	content: 'Mise en demeure de payer la facture F-2026-001.',
	attachmentProperties: '',
	additionalFields: {},
	options: {},
	...extra,
});

/** Parameters that differ per item are given as functions of the item index. */
async function run(parameters: Params, items: INodeExecutionData[] = [{ json: {} }], continueOnFail = false) {
	const context = fakeContext({ credentials, parameters, items, continueOnFail });
	return new LreSend().execute.call(context).then(([out]) => out);
}

const letters = (ref?: string) =>
	control<Array<{ id: number; state: string; ref_dossier: string; proofs: Record<string, { sha256: string }> }>>(
		sbx.url(),
		'GET',
		`/letters${ref ? `?ref_dossier=${encodeURIComponent(ref)}` : ''}`,
	);
const requestCount = async () => (await control<unknown[]>(sbx.url(), 'GET', '/requests')).length;

describe('Letter → Send', () => {
	it('sends with two PDF attachments whose SHA-256 match the files, and outputs the normalized letter', async () => {
		const invoice = pdf('invoice F-2026-001');
		const notice = pdf('mise en demeure');
		const [item] = await run(
			sendParams({
				reference: 'SEND-1',
				recipientEmail: 'jean+hold@martin.example',
				attachmentProperties: 'invoice, notice',
			}),
			[{ json: {}, binary: { invoice: binary(invoice, 'F-2026-001.pdf'), notice: binary(notice, 'mise-en-demeure') } }],
		);
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({
			provider: 'ar24',
			type: 'ere',
			state: 'pending',
			reference: 'SEND-1',
			alreadySent: false,
			recipient: { email: 'jean+hold@martin.example', company: 'Martin SARL', status: 'professional' },
			attachments: [
				{ name: 'F-2026-001.pdf', sha256: sha256(invoice), sha1: createHash('sha1').update(invoice).digest('hex') },
				{ name: 'mise-en-demeure.pdf', sha256: sha256(notice) },
			],
			events: { depositedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/) },
		});
		const [letter] = await letters('SEND-1');
		expect(String(letter.id)).toBe(item.json.letterId);
	});

	it('sends a qualified LRE to an individual with an accepted consent, and an OTP', async () => {
		const email = 'marie.durand+hold@example.org';
		const [item] = await run(
			sendParams({
				reference: 'SEND-LRE-IND',
				letterType: 'lre',
				recipientEmail: email,
				debtorType: 'individual',
				recipientFirstName: 'Marie',
				recipientLastName: 'Durand',
				consentEvidence: [consent(email)],
				eidasAuthentication: 'otpCode',
				otpCode: '123456',
			}),
		);
		expect(item.json).toMatchObject({
			type: 'lre',
			recipient: { status: 'individual' },
			consentBasis: expect.stringContaining('Consent accepted'),
		});
	});

	it('refuses an LRE to an individual without consent, and AR24 receives no request at all', async () => {
		const before = await requestCount();
		const error = await failure(
			run(
				sendParams({
					reference: 'SEND-NO-CONSENT',
					letterType: 'lre',
					recipientEmail: 'paul@example.org',
					debtorType: 'individual',
					recipientFirstName: 'Paul',
					recipientLastName: 'Petit',
					consentEvidence: [consent('someone-else@example.org')],
					eidasAuthentication: 'otpCode',
					otpCode: '123456',
				}),
			),
		);
		expect(error.message).toContain('Item 0: "Consent Evidence" does not allow a qualified LRE');
		expect(error.message).toContain('CPCE L100');
		expect(error.description).toContain('Nothing was sent');
		expect(await requestCount()).toBe(before);
		expect(await letters('SEND-NO-CONSENT')).toEqual([]);
	});

	it.each([
		['a declined consent', [consent('paul@example.org', 'declined')]],
		[
			'a withdrawn consent',
			[
				consent('paul@example.org'),
				{ ...consent('paul@example.org', 'withdrawn'), recordedAt: '2026-02-01T10:00:00+01:00' },
			],
		],
		['no consent at all', undefined],
	])('refuses an LRE to an individual with %s', async (_what, evidence) => {
		const error = await failure(
			run(
				sendParams({
					reference: 'SEND-CONSENT-X',
					letterType: 'lre',
					recipientEmail: 'paul@example.org',
					debtorType: 'individual',
					recipientFirstName: 'Paul',
					recipientLastName: 'Petit',
					consentEvidence: evidence,
					otpSessionHash: 'x',
				}),
			),
		);
		expect(error.message).toContain('"Consent Evidence" does not allow a qualified LRE');
	});

	it('sends the same case reference once: the second run returns the first letter with alreadySent', async () => {
		const params = sendParams({ reference: 'SEND-TWICE', recipientEmail: 'twice+hold@martin.example' });
		const [first] = await run(params);
		const [second] = await run(params);
		expect(second.json).toMatchObject({ letterId: first.json.letterId, alreadySent: true });
		expect(await letters('SEND-TWICE')).toHaveLength(1);
	});

	it('sends a reference repeated inside one batch once, even with concurrency', async () => {
		const items = [{ json: {} }, { json: {} }, { json: {} }];
		const out = await run(
			sendParams({
				reference: 'SEND-BATCH-DUP',
				recipientEmail: 'dup+hold@martin.example',
				options: { batchConcurrency: 3 },
			}),
			items,
		);
		expect(out.map((i) => i.json.alreadySent)).toEqual([false, true, true]);
		expect(new Set(out.map((i) => i.json.letterId)).size).toBe(1);
		expect(await letters('SEND-BATCH-DUP')).toHaveLength(1);
	});

	it('finds an earlier letter among hundreds (several pages of GET /user/mail)', async () => {
		const [old] = await run(sendParams({ reference: 'SEND-OLD', recipientEmail: 'old+hold@martin.example' }));
		const refs = Array.from({ length: 230 }, (_, i) => `FILL-${i}`);
		await run(
			sendParams({
				reference: (i: number) => refs[i],
				recipientEmail: 'fill+hold@martin.example',
				options: { batchConcurrency: 4 },
			}),
			refs.map(() => ({ json: {} })),
		);
		const [again] = await run(sendParams({ reference: 'SEND-OLD', recipientEmail: 'old+hold@martin.example' }));
		expect(again.json).toMatchObject({ letterId: old.json.letterId, alreadySent: true });
		expect(await letters('SEND-OLD')).toHaveLength(1);
	}, 120_000);

	it('after a crash (AR24 created the letter, the workflow died before recording it), a re-run sends nothing new', async () => {
		// The state a crash leaves: the letter exists at AR24 with this reference, n8n has no trace of it.
		const created = await call(sbx.url(), 'POST', '/mail', {
			id_user: 1,
			to_email: 'crash+hold@martin.example',
			to_company: 'Martin SARL',
			dest_statut: 'professionnel',
			content: 'Mise en demeure',
			ref_dossier: 'SEND-CRASH',
		});
		const [rerun] = await run(sendParams({ reference: 'SEND-CRASH', recipientEmail: 'crash+hold@martin.example' }));
		expect(rerun.json).toMatchObject({
			alreadySent: true,
			letterId: String((created.json.result as { id: number }).id),
		});
		expect(await letters('SEND-CRASH')).toHaveLength(1);
	});

	it('a timeout after AR24 created the letter is recovered by looking again; the re-run sends nothing new', async () => {
		await control(sbx.url(), 'POST', '/faults', {
			type: 'timeout',
			path: '/api/mail',
			method: 'POST',
			phase: 'after',
			count: 1,
			holdMs: 10_000,
		});
		const params = sendParams({ reference: 'SEND-LOST', recipientEmail: 'lost+hold@martin.example' });
		const first = await run(params);
		// The node looked again after the timeout and found the letter AR24 had created.
		expect(first[0].json).toMatchObject({ recoveredAfterError: true, alreadySent: false });
		const [rerun] = await run(params);
		expect(rerun.json).toMatchObject({ alreadySent: true, letterId: first[0].json.letterId });
		expect(await letters('SEND-LOST')).toHaveLength(1);
	}, 30_000);

	it('a failed listing never makes the next item send a letter that exists', async () => {
		await call(sbx.url(), 'POST', '/mail', {
			id_user: 1,
			to_email: 'idx+hold@martin.example',
			to_company: 'Martin SARL',
			dest_statut: 'professionnel',
			content: 'x',
			ref_dossier: 'IDX-B',
		});
		// The first lookup of the batch fails for good (the read and its 3 retries); the second item must still find IDX-B.
		await control(sbx.url(), 'POST', '/faults', { type: '5xx', path: '/api/user/mail', count: 4, status: 503 });
		const refs = ['IDX-A', 'IDX-B'];
		const out = await run(
			sendParams({
				reference: (i: number) => refs[i],
				recipientEmail: 'idx+hold@martin.example',
				options: { batchConcurrency: 1 },
			}),
			[{ json: {} }, { json: {} }],
			true,
		);
		expect(out[0].json.error).toBe('Item 0: AR24 answered HTTP 503');
		expect(out[1].json).toMatchObject({ reference: 'IDX-B', alreadySent: true });
		expect(await letters('IDX-B')).toHaveLength(1);
		expect(await letters('IDX-A')).toHaveLength(0);
	}, 30_000);

	it('recovers a letter whose answer was lost (5xx after processing) instead of reporting a failure', async () => {
		await control(sbx.url(), 'POST', '/faults', {
			type: '5xx',
			path: '/api/mail',
			method: 'POST',
			phase: 'after',
			count: 1,
		});
		const [item] = await run(sendParams({ reference: 'SEND-RECOVER', recipientEmail: 'rec+hold@martin.example' }));
		expect(item.json).toMatchObject({ reference: 'SEND-RECOVER', alreadySent: false, recoveredAfterError: true });
		expect(await letters('SEND-RECOVER')).toHaveLength(1);
	});

	it('mid-batch 5xx and timeout: failed items report errors, the others are sent, nothing is doubled', async () => {
		const refs = ['MID-0', 'MID-1', 'MID-2', 'MID-3', 'MID-4', 'MID-5'];
		// Item 1 meets a 5xx before AR24 acts; item 3 a timeout before AR24 acts.
		await control(sbx.url(), 'POST', '/faults', {
			type: '5xx',
			path: '/api/mail',
			method: 'POST',
			count: 1,
			status: 500,
		});
		const params = sendParams({
			reference: (i: number) => refs[i],
			recipientEmail: 'mid+hold@martin.example',
			content: (i: number) => `Relance ${i}`,
			options: { batchConcurrency: 1 },
		});
		const items = refs.map(() => ({ json: {} }));
		const firstTwo = await run(params, items.slice(0, 2), true);
		await control(sbx.url(), 'POST', '/faults', {
			type: 'timeout',
			path: '/api/mail',
			method: 'POST',
			count: 1,
			holdMs: 10_000,
		});
		const rest = await run({ ...params, reference: (i: number) => refs[i + 2] }, items.slice(2), true);
		const out = [...firstTwo, ...rest];
		expect(out.map((i) => (i.json.error ? 'error' : 'sent'))).toEqual([
			'error',
			'sent',
			'error',
			'sent',
			'sent',
			'sent',
		]);
		expect(out[0].json.error).toBe('Item 0: AR24 answered HTTP 500');
		expect(out[2].json.error).toMatch(/did not answer in time/);
		expect(out.map((i) => i.pairedItem)).toEqual([0, 1, 0, 1, 2, 3].map((item) => ({ item })));
		for (const ref of ['MID-1', 'MID-3', 'MID-4', 'MID-5']) expect(await letters(ref)).toHaveLength(1);
		for (const ref of ['MID-0', 'MID-2']) expect(await letters(ref)).toHaveLength(0);
		// Re-running the whole batch sends only what failed, once.
		const again = await run({ ...params, reference: (i: number) => refs[i] }, items, true);
		expect(again.map((i) => i.json.alreadySent)).toEqual([false, true, false, true, true, true]);
		for (const ref of refs) expect(await letters(ref)).toHaveLength(1);
	}, 30_000);
});

describe('Letter → Send refuses bad input before any call to AR24', () => {
	const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2 * 1024 * 1024)]);
	it.each([
		['a missing e-mail', { recipientEmail: '' }, [], 'Item 0: "Recipient Email" is empty'],
		[
			'a malformed e-mail',
			{ recipientEmail: 'jean.martin.example' },
			[],
			'Item 0: "Recipient Email" is not a valid email address: "jean.martin.example"',
		],
		[
			'the sender as recipient',
			{ recipientEmail: 'Recouvrement@acme-industries.example' },
			[],
			'"Recipient Email" is the sender\'s own address',
		],
		['no content and no attachment', { content: '  ' }, [], '"Content" is empty and there is no attachment'],
		[
			'a missing binary property',
			{ attachmentProperties: 'invoice' },
			[],
			'but the item has no binary property "invoice"',
		],
		[
			'an attachment over the limit',
			{ attachmentProperties: 'data', options: { maxAttachmentMb: 1 } },
			[['data', big]],
			'"data" is 2.0 MB, over the 1 MB limit',
		],
		['a non-PDF attachment', { attachmentProperties: 'data' }, [['data', Buffer.from('hello')]], 'is not a PDF'],
		['a missing case reference', { reference: '' }, [], '"Case Reference" is empty'],
		['a professional without company', { recipientCompany: '' }, [], '"Company Name" is empty'],
		[
			'an individual without last name',
			{ debtorType: 'individual', recipientFirstName: 'Jo', letterType: 'ere' },
			[],
			'"Last Name" is empty',
		],
		['an LRE without OTP', { letterType: 'lre', otpSessionHash: '' }, [], '"OTP Session Hash" is empty'],
		[
			'a webhook that is not a URL',
			{ additionalFields: { webhookUrl: 'n8n/webhook' } },
			[],
			'"Status Webhook URL" is not an http(s) URL',
		],
	])('%s', async (_what, extra, files, message) => {
		const before = await requestCount();
		const item: INodeExecutionData = {
			json: {},
			binary: Object.fromEntries(
				(files as Array<[string, Buffer]>).map(([name, data]) => [name, binary(data, `${name}.pdf`)]),
			),
		};
		const error = await failure(
			run(sendParams({ reference: 'BAD-1', recipientEmail: 'bad+hold@martin.example', ...extra }), [item]),
		);
		expect(error.message).toContain(message);
		expect(typeof error.description).toBe('string');
		expect(await requestCount()).toBe(before);
	});

	it('names the failing item in a batch, and with Continue On Fail sends the others', async () => {
		const emails = ['ok1+hold@martin.example', 'not-an-email', 'ok2+hold@martin.example'];
		const params = sendParams({ reference: (i: number) => `COF-${i}`, recipientEmail: (i: number) => emails[i] });
		const error = await failure(
			run(
				params,
				emails.map(() => ({ json: {} })),
			),
		);
		expect(error.message).toContain('Item 1: "Recipient Email"');
		const out = await run(
			{ ...params, reference: (i: number) => `COF2-${i}` },
			emails.map(() => ({ json: {} })),
			true,
		);
		expect(out.map((i) => Boolean(i.json.error))).toEqual([false, true, false]);
		expect(out[1]).toMatchObject({ pairedItem: { item: 1 }, json: { error: expect.stringContaining('Item 1') } });
	});

	it("reports an unknown sender with AR24's slug and how to fix it", async () => {
		const context = fakeContext({
			credentials: { ...credentials, sender: 'nobody@acme.example' },
			parameters: sendParams({ reference: 'UNKNOWN-SENDER', recipientEmail: 'x@martin.example' }),
		});
		const error = await failure(new LreSend().execute.call(context));
		expect(error.message).toContain('[user_not_exist]');
		expect(error.description).toContain('Set the sender');
	});
});

describe('Letter → Get, Get Many, Download Proof', () => {
	let accepted: string;
	let refused: string;

	beforeAll(async () => {
		const out = await run(
			sendParams({
				reference: (i: number) => `READ-${i}`,
				recipientEmail: (i: number) => (i === 0 ? 'r0+accept@martin.example' : 'r1+refuse@martin.example'),
			}),
			[{ json: {} }, { json: {} }],
		);
		[accepted, refused] = out.map((i) => String(i.json.letterId));
		await control(sbx.url(), 'POST', '/clock', { advance: '2d' });
	});

	it('Get reads a letter with its state, event dates and acceptance delay', async () => {
		const [item] = await run({ resource: 'letter', operation: 'get', letterId: accepted });
		expect(item.json).toMatchObject({
			letterId: accepted,
			state: 'accepted',
			reference: 'READ-0',
			acceptanceDelayHours: 2,
		});
		// The sandbox, like AR24's 2017 documentation, has one proof of deposit and sending (proof_ev_url).
		expect((item.json.proofs as Array<{ type: string }>).map((p) => p.type)).toEqual(['sending', 'acceptance']);
	});

	it("Get and Get Many simplify the letter by default (ten fields, n8n's Simplify); Simplify off gives the whole letter", async () => {
		const [simple] = await run({ resource: 'letter', operation: 'get', letterId: accepted });
		expect(Object.keys(simple.json)).toEqual([
			'letterId',
			'reference',
			'clientReference',
			'type',
			'state',
			'recipient',
			'events',
			'proofs',
			'sendFailed',
			'acceptanceDelayHours',
		]);
		expect(Object.keys(simple.json.recipient as object).sort()).toEqual([
			'company',
			'email',
			'firstName',
			'lastName',
			'status',
		]);
		const [whole] = await run({ resource: 'letter', operation: 'get', letterId: accepted, simplify: false });
		expect(whole.json).toMatchObject({
			provider: 'ar24',
			letterId: accepted,
			raw: expect.any(Object),
			contentSha256: expect.any(String),
		});
		expect(whole.json).toMatchObject(simple.json);
		const many = await run({
			resource: 'letter',
			operation: 'getMany',
			returnAll: true,
			filters: { reference: 'READ-0' },
		});
		expect(many.map((i) => Object.keys(i.json).length)).toEqual([10]);
	});

	it('Get refuses a letter id that is not a number, without calling AR24', async () => {
		const before = await requestCount();
		const error = await failure(run({ resource: 'letter', operation: 'get', letterId: 'abc' }));
		expect(error.message).toBe('Item 0: "Letter ID" must be a number, not "abc"');
		expect(await requestCount()).toBe(before);
	});

	it('Get Many filters by reference and by state, and honours the limit', async () => {
		const byRef = await run({
			resource: 'letter',
			operation: 'getMany',
			returnAll: true,
			filters: { reference: 'READ-1' },
		});
		expect(byRef.map((i) => i.json.letterId)).toEqual([refused]);
		const refusedOnes = await run({
			resource: 'letter',
			operation: 'getMany',
			returnAll: true,
			filters: { states: ['refused'] },
		});
		expect(refusedOnes.map((i) => i.json.letterId)).toContain(refused);
		expect(refusedOnes.every((i) => i.json.state === 'refused')).toBe(true);
		const limited = await run({ resource: 'letter', operation: 'getMany', returnAll: false, limit: 3, filters: {} });
		expect(limited).toHaveLength(3);
		const all = await run({ resource: 'letter', operation: 'getMany', returnAll: true, filters: {} });
		expect(all.length).toBe((await letters()).length);
	});

	it('Download Proof returns the PDF with its SHA-256 (matching the sandbox file) and an archive name', async () => {
		const [item] = await run({
			resource: 'letter',
			operation: 'downloadProof',
			letterId: accepted,
			proofType: 'acceptance',
			binaryPropertyName: 'proof',
		});
		const data = Buffer.from(item.binary?.proof.data as string, 'base64');
		const [letter] = await letters('READ-0');
		expect(item.json.proof).toMatchObject({ type: 'acceptance', sha256: letter.proofs.ar.sha256 });
		expect(sha256(data)).toBe(letter.proofs.ar.sha256);
		expect(item.binary?.proof.fileName).toMatch(
			new RegExp(`^LRE_AccuseReception_MartinSarl_\\d{4}-\\d{2}-\\d{2}_${accepted}\\.pdf$`),
		);
		expect(pdfText(data)).toContain(`Letter id: ${accepted}`);
	});

	it('Download Proof says which proofs exist when asked for one that does not', async () => {
		const error = await failure(
			run({
				resource: 'letter',
				operation: 'downloadProof',
				letterId: refused,
				proofType: 'acceptance',
				binaryPropertyName: 'proof',
			}),
		);
		expect(error.message).toContain(`"acceptance" does not exist for letter ${refused}, which is refused`);
		expect(error.description).toContain('sending, refusal');
	});
});

describe('issue 15/16: what AR24 really answers, and the inputs LRE Send signs or passes on', () => {
	const TRIGGER = '/webhook/0b4f2f64-1111-4c3d-8e9f-0a1b2c3d4e55/webhook';
	const letterOf = async (id: unknown) =>
		await control<{ state: string; webhook: string | null; mail: Record<string, unknown> }>(
			sbx.url(),
			'GET',
			`/letters/${String(id)}`,
		);

	it("signs an LRE Trigger URL on this n8n's own address", async () => {
		const [item] = await run(
			sendParams({
				reference: 'HOOK-OWN',
				recipientEmail: 'h+hold@martin.example',
				additionalFields: { webhookUrl: `http://localhost:5678${TRIGGER}` },
			}),
		);
		expect((await letterOf(item.json.letterId)).webhook).toMatch(
			new RegExp(`^http://localhost:5678${TRIGGER}\\?lre_ref=HOOK-OWN&lre_sig=[\\w-]{43}$`),
		);
	});

	it('refuses to sign a trigger URL on another host, naming item and field, and sends nothing', async () => {
		const before = await requestCount();
		const error = await failure(
			run(
				sendParams({
					reference: 'HOOK-EVIL',
					recipientEmail: 'h+hold@martin.example',
					additionalFields: { webhookUrl: `https://evil.example${TRIGGER}` },
				}),
			),
		);
		expect(error.message).toBe(
			'Item 0: "Status Webhook URL" points to evil.example, which is not this n8n (http://localhost:5678)',
		);
		expect(error.description).toContain('Other Webhook Hosts');
		expect(await requestCount()).toBe(before);
		expect(await letters('HOOK-EVIL')).toHaveLength(0);
	});

	it('signs a trigger URL on a host the user allowed explicitly', async () => {
		const [item] = await run(
			sendParams({
				reference: 'HOOK-ALLOWED',
				recipientEmail: 'h+hold@martin.example',
				additionalFields: { webhookUrl: `https://hooks.example:8443${TRIGGER}` },
				options: { allowedWebhookHosts: 'other.example, hooks.example:8443' },
			}),
		);
		expect((await letterOf(item.json.letterId)).webhook).toContain('lre_sig=');
	});

	it('passes any other URL (no trigger id) to AR24 unsigned', async () => {
		const [item] = await run(
			sendParams({
				reference: 'HOOK-PLAIN',
				recipientEmail: 'h+hold@martin.example',
				additionalFields: { webhookUrl: 'https://hooks.example/ar24' },
			}),
		);
		expect((await letterOf(item.json.letterId)).webhook).toBe('https://hooks.example/ar24');
	});

	it.each([
		[
			'Custom Sender Name',
			{ customSenderName: 'ACME\u202eSAS' },
			'contains control or bidirectional-override characters',
		],
		['Custom Sender Name', { customSenderName: 'A'.repeat(101) }, 'is longer than 100 characters'],
		['Client Reference', { clientReference: { id: 7 } }, 'must be text, not object'],
		['Client Reference', { clientReference: 'C\u0007' }, 'contains control'],
		['Billing Reference', { billingReference: ['a'] }, 'must be text, not a list'],
		['Billing Reference', { billingReference: 'B'.repeat(256) }, 'is longer than 255 characters'],
		['Status Webhook URL', { webhookUrl: { url: 'x' } }, 'must be text, not object'],
	])('refuses a bad additional field "%s" (%j) before calling AR24', async (field, additionalFields, problem) => {
		const before = await requestCount();
		const error = await failure(
			run(sendParams({ reference: 'BAD-ADDITIONAL', recipientEmail: 'h+hold@martin.example', additionalFields })),
		);
		expect(error.message).toContain(`Item 0: "${field}" ${problem}`);
		expect(error.message).not.toContain('[object Object]');
		expect(await requestCount()).toBe(before);
	});

	it("sends a company contact's first and last name when the workflow has them", async () => {
		const [item] = await run(
			sendParams({
				reference: 'CONTACT-1',
				recipientEmail: 'c+hold@martin.example',
				recipientFirstName: 'Jean',
				recipientLastName: 'Martin',
			}),
		);
		expect((await letterOf(item.json.letterId)).mail).toMatchObject({
			to_company: 'Martin SARL',
			to_firstname: 'Jean',
			to_lastname: 'Martin',
		});
		expect(item.json.recipient).toMatchObject({
			company: 'Martin SARL',
			firstName: 'Jean',
			lastName: 'Martin',
			corrected: false,
		});
	});

	it('a letter AR24 could not send (send_fail) is "failed" in Get and found by Get Many → States = Failed', async () => {
		const [sent] = await run(sendParams({ reference: 'FAIL-1', recipientEmail: 'tech+fail@martin.example' }));
		await control(sbx.url(), 'POST', '/clock', { advance: '2m' });
		const [got] = await run({ resource: 'letter', operation: 'get', letterId: sent.json.letterId });
		expect(got.json).toMatchObject({ state: 'failed', sendFailed: true, proofs: [] });
		const many = await run({
			resource: 'letter',
			operation: 'getMany',
			returnAll: true,
			filters: { states: ['failed'] },
		});
		expect(many.map((i) => i.json.reference)).toContain('FAIL-1');
		expect(many.every((i) => i.json.state === 'failed')).toBe(true);
	});

	it('two bounces to one recipient on one day get two archive names (the letter id ends each)', async () => {
		const out = await run(
			sendParams({
				reference: (i: number) => `BOUNCE-${i}`,
				recipientEmail: (i: number) => `b${i}+bounce@martin.example`,
			}),
			[{ json: {} }, { json: {} }],
		);
		await control(sbx.url(), 'POST', '/clock', { advance: '10m' });
		const names: string[] = [];
		for (const sent of out) {
			const [item] = await run({
				resource: 'letter',
				operation: 'downloadProof',
				letterId: sent.json.letterId,
				proofType: 'bounce',
				binaryPropertyName: 'proof',
			});
			const name = String(item.binary?.proof.fileName);
			expect(name).toMatch(
				new RegExp(`^LRE_Rebond_MartinSarl_\\d{4}-\\d{2}-\\d{2}_${String(sent.json.letterId)}\\.pdf$`),
			);
			names.push(name);
		}
		expect(new Set(names).size).toBe(2);
	});

	it('Download Proof gives the sending proof (proof_ev_url) as "sending", and as "deposit" when AR24 has no separate deposit proof', async () => {
		const [sent] = await run(sendParams({ reference: 'PROOFS-1', recipientEmail: 'p+hold@martin.example' }));
		await control(sbx.url(), 'POST', '/tick');
		const [sending] = await run({
			resource: 'letter',
			operation: 'downloadProof',
			letterId: sent.json.letterId,
			proofType: 'sending',
			binaryPropertyName: 'proof',
		});
		expect(sending.json.proof).toMatchObject({
			type: 'sending',
			sha256: (await letters('PROOFS-1'))[0].proofs.ev.sha256,
		});
		expect(String(sending.binary?.proof.fileName)).toMatch(/^LRE_Envoi_MartinSarl_/);
		const [deposit] = await run({
			resource: 'letter',
			operation: 'downloadProof',
			letterId: sent.json.letterId,
			proofType: 'deposit',
			binaryPropertyName: 'proof',
		});
		expect(deposit.json.proof).toMatchObject({
			type: 'sending',
			sha256: (sending.json.proof as { sha256: string }).sha256,
		});
	});
});
