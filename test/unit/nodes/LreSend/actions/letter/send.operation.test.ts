/** LRE Send → Letter → Send, on a fake AR24 (nodes/LreSend/actions/letter/send.operation.ts + sendInput.ts). */
import type { INodeExecutionData } from 'n8n-workflow';
import { createHash } from 'node:crypto';
import { LreSend } from '../../../../../../nodes/LreSend/LreSend.node';
import { verifyWebhookSignature, webhookKey } from '../../../../../../lib/letter/webhookAuth';
import {
	FAKE_AR24_CREDENTIALS,
	failureOf,
	fakeAr24Account,
	processedStore,
	runNode,
	tinyPdf,
	type FakeContextOptions,
} from '../../../../../helpers/n8nContext';

const WEBHOOK_ID = '0f0e0d0c-0b0a-4908-8706-050403020100';
const pdf = tinyPdf('notice MED-0042');
const withPdf = (): INodeExecutionData => ({
	json: {},
	binary: { data: { data: pdf.toString('base64'), mimeType: 'application/pdf', fileName: 'notice.pdf' } },
});

const parameters = (overrides: Record<string, unknown> = {}) => ({
	resource: 'letter',
	operation: 'send',
	letterType: 'ere',
	reference: 'MED-0042',
	recipientEmail: 'compta@debiteur.fr',
	debtorType: 'professional',
	recipientCompany: 'Débiteur SARL',
	recipientLastName: 'Martin',
	content: 'Mise en demeure ci-jointe.',
	attachmentProperties: 'data',
	additionalFields: {},
	options: {},
	...overrides,
});

function send(
	ar24: ReturnType<typeof fakeAccount>,
	params: Record<string, unknown>,
	extra: Partial<FakeContextOptions> = {},
) {
	return runNode(new LreSend(), {
		credentials: { ...FAKE_AR24_CREDENTIALS },
		parameters: params,
		items: [withPdf()],
		ar24,
		...extra,
	});
}
const fakeAccount = () => fakeAr24Account();
const routes = (ar24: ReturnType<typeof fakeAccount>) =>
	ar24.calls.map((c) => `${c.method} ${c.path}`).filter((r) => r.startsWith('POST'));

describe('LRE Send → Letter → Send', () => {
	it('uploads the PDF, then posts the letter with what the fields say, and outputs it paired with alreadySent = false', async () => {
		const ar24 = fakeAccount();
		const { out } = await send(ar24, parameters({ additionalFields: { clientReference: 'C-17' } }));
		expect(routes(ar24)).toEqual(['POST /attachment', 'POST /mail']);
		const upload = ar24.calls.find((c) => c.path === '/attachment');
		expect(upload?.files.map((f) => [f.name, f.data.equals(pdf)])).toEqual([['notice.pdf', true]]);
		const mail = ar24.calls.find((c) => c.method === 'POST' && c.path === '/mail');
		expect(mail?.params).toMatchObject({
			id_user: '42',
			eidas: '0',
			to_email: 'compta@debiteur.fr',
			to_company: 'Débiteur SARL',
			to_lastname: 'Martin',
			dest_statut: 'professionnel',
			ref_dossier: 'MED-0042',
			ref_client: 'C-17',
			content: 'Mise en demeure ci-jointe.',
			'attachment[0]': '9001',
		});
		expect(out).toHaveLength(1);
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(out[0].json).toMatchObject({
			letterId: '100001',
			reference: 'MED-0042',
			type: 'ere',
			alreadySent: false,
			referenceKey: 'med-0042',
			consentBasis: 'Not required for a simple ERE.',
			sendRecord: 'recorded',
			attachments: [{ id: '9001', name: 'notice.pdf', sha256: createHash('sha256').update(pdf).digest('hex') }],
		});
	});

	it('never sends a second letter for the same case reference: a re-run returns the first one with alreadySent = true', async () => {
		const ar24 = fakeAccount();
		const store = processedStore();
		await send(ar24, parameters(), { processed: store });
		const again = await send(ar24, parameters({ reference: '\u00a0med\u200b-0042 ' }), { processed: store });
		expect(ar24.mails).toHaveLength(1);
		expect(routes(ar24)).toEqual(['POST /attachment', 'POST /mail']);
		expect(again.out[0].json).toMatchObject({ letterId: '100001', alreadySent: true });
	});

	it('the Case Reference description tells the truth: each "a" = "b" it names is one letter, the two it says differ are two', async () => {
		const field = new LreSend().description.properties.find(
			(p) => p.name === 'reference' && /idempotency key/.test(String(p.description)),
		);
		const text = String(field?.description ?? '');
		const chains = [...text.matchAll(/"[^"]+"(?: = "[^"]+")+/g)].map((chain) =>
			[...chain[0].matchAll(/"([^"]+)"/g)].map((m) => m[1]),
		);
		expect(chains.length).toBeGreaterThanOrEqual(2);
		for (const chain of chains) {
			const ar24 = fakeAccount();
			const store = processedStore();
			for (const reference of chain) await send(ar24, parameters({ reference }), { processed: store });
			expect({ chain, letters: ar24.mails.length }).toEqual({ chain, letters: 1 });
		}
		const differ = /"([^"]+)" and "([^"]+)" are two references/.exec(text);
		expect(differ).not.toBeNull();
		const ar24 = fakeAccount();
		const store = processedStore();
		for (const reference of differ!.slice(1)) await send(ar24, parameters({ reference }), { processed: store });
		expect(ar24.mails).toHaveLength(2);
	});

	it('two items of one batch with the same reference make one letter', async () => {
		const ar24 = fakeAccount();
		const { out } = await send(ar24, parameters(), { items: [withPdf(), withPdf()] });
		expect(ar24.mails).toHaveLength(1);
		expect(out.map((item) => [item.json.letterId, item.json.alreadySent, item.pairedItem])).toEqual([
			['100001', false, { item: 0 }],
			['100001', true, { item: 1 }],
		]);
	});

	it('a missing binary field names the item and the field, and nothing is sent', async () => {
		const ar24 = fakeAccount();
		const error = await failureOf(send(ar24, parameters({ attachmentProperties: 'data, invoice' })));
		expect(error.message).toBe(
			'Item 0: "Input Binary Fields" names "invoice", but the item has no binary property "invoice"',
		);
		expect(error.description).toMatch(/The item has: data\./);
		expect(routes(ar24)).toEqual([]);
	});

	it('a qualified LRE to an individual without consent is refused (Consent Evidence named); Continue On Fail lets the other items go', async () => {
		const ar24 = fakeAccount();
		const individual = parameters({
			letterType: 'lre',
			eidasAuthentication: 'otpSession',
			otpSessionHash: 'otp-session-hash-1',
			reference: (i: number) => `MED-${i}`,
			debtorType: (i: number) => (i === 0 ? 'professional' : 'individual'),
			recipientFirstName: 'Marie',
			consentEvidence: [],
		});
		const { out } = await send(ar24, individual, { items: [withPdf(), withPdf()], continueOnFail: true });
		expect(out[0].json).toMatchObject({ letterId: '100001', type: 'lre', alreadySent: false });
		expect(ar24.calls.find((c) => c.method === 'POST' && c.path === '/mail')?.params).toMatchObject({
			eidas: '1',
			auth_otp_hash: 'otp-session-hash-1',
		});
		expect(out[1].json.error).toMatch(/^Item 1: "Consent Evidence" does not allow a qualified LRE: /);
		expect(out[1].pairedItem).toEqual({ item: 1 });
		expect(ar24.mails).toHaveLength(1);
	});

	it('a qualified LRE without OTP session hash names that field and sends nothing', async () => {
		const ar24 = fakeAccount();
		const error = await failureOf(
			send(ar24, parameters({ letterType: 'lre', eidasAuthentication: 'otpSession', otpSessionHash: '' })),
		);
		expect(error.message).toBe('Item 0: "OTP Session Hash" is empty');
		expect(routes(ar24)).toEqual([]);
	});

	it("signs the Status Webhook URL of this n8n's LRE Trigger, bound to the letter's reference", async () => {
		const ar24 = fakeAccount();
		const url = `http://localhost:5678/webhook/${WEBHOOK_ID}/webhook`;
		await send(ar24, parameters({ additionalFields: { webhookUrl: url } }), {
			restApiUrl: 'http://localhost:5678/rest',
		});
		const given = new URL(String(ar24.calls.find((c) => c.method === 'POST' && c.path === '/mail')?.params.webhook));
		expect(given.origin + given.pathname).toBe(url);
		expect(given.searchParams.get('lre_ref')).toBe('MED-0042');
		const key = webhookKey(String(FAKE_AR24_CREDENTIALS.privateKey));
		expect(verifyWebhookSignature(given.searchParams.get('lre_sig'), key, WEBHOOK_ID, 'MED-0042')).toBe(true);
	});

	it('refuses a webhook URL on another host (nothing sent)', async () => {
		const ar24 = fakeAccount();
		const error = await failureOf(
			send(
				ar24,
				parameters({ additionalFields: { webhookUrl: `https://evil.example/webhook/${WEBHOOK_ID}/webhook` } }),
			),
		);
		expect(error.message).toMatch(/^Item 0: "Status Webhook URL"/);
		expect(routes(ar24)).toEqual([]);
	});
});
