/**
 * lib/maileva/provider.ts over HTTP against the Maileva sandbox: a postal registered letter sent through the
 * provider seam (sending → document → recipient → submit), read back and normalized, its acknowledgement of receipt
 * downloaded; what it refuses before any call; a failed send leaves no draft; and sendOnce finds the letter again by
 * its case reference.
 */
import { mailevaProvider, type MailevaLetter } from '../../lib/maileva/provider';
import { sendOnce, type SendPorts } from '../../lib/letter/sendOnce';
import type { LetterRequest } from '../../lib/letter/normalize';
import { canonicalReference } from '../../lib/letter/reference';
import type { WireCall } from '../../lib/provider/types';
import { DAY, HOUR } from '../../sandbox/maileva/lifecycle';
import type { RunningSandbox } from '../../sandbox/server';
import { mailevaCredentials, mailevaToken, tinyPdf } from '../helpers/maileva';
import { sandbox } from '../helpers/sandbox';

let sbx: RunningSandbox;
let token: string;
const calls: string[] = [];
beforeAll(async () => {
	sbx = await sandbox();
	token = await mailevaToken(mailevaCredentials(sbx));
});
afterAll(async () => {
	await sbx.close();
});

/** The simplest wire: JSON or multipart, bearer token, Maileva's errors thrown as they are. */
async function wire(call: WireCall): Promise<unknown> {
	calls.push(`${call.method} ${call.path}`);
	const url = new URL(`${sbx.url()}/maileva${call.path}`);
	const headers: Record<string, string> = { authorization: `Bearer ${token}` };
	let body: FormData | string | undefined;
	if (call.files?.length) {
		const form = new FormData();
		for (const [name, value] of Object.entries(call.params ?? {})) form.append(name, String(value));
		for (const file of call.files)
			form.append(file.field, new Blob([new Uint8Array(file.data)], { type: file.mimeType }), file.fileName);
		body = form;
	} else if (call.json) {
		headers['content-type'] = 'application/json';
		body = JSON.stringify(call.json);
	} else for (const [name, value] of Object.entries(call.params ?? {})) url.searchParams.set(name, String(value));
	const response = await fetch(url, { method: call.method, headers, body });
	const text = await response.text();
	if (response.status >= 300) throw new Error(`Maileva ${response.status}: ${text}`);
	return text ? JSON.parse(text) : {};
}

const download = async (url: string) =>
	Buffer.from(await (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer());
const provider = () => mailevaProvider({ wire, download, username: 'recouvrement@example.com' });

function request(reference: string, line1: string, attachmentIds: string[]): LetterRequest {
	return {
		senderId: 'recouvrement@example.com',
		type: 'postal',
		recipient: { email: '', firstName: '', lastName: '', company: '', status: 'professional' },
		content: '',
		attachmentIds,
		reference,
		clientReference: 'CLI-7',
		billingReference: '',
		customSenderName: '',
		webhookUrl: '',
		authentication: {},
		postal: {
			addressLines: [line1, '', '', '12 rue des Lilas', '', '75011 Paris'],
			countryCode: 'FR',
			acknowledgementOfReceipt: true,
			postage: 'URGENT',
			archivingYears: 10,
		},
	};
}

const file = { field: 'file', data: tinyPdf(), fileName: 'mise-en-demeure.pdf', mimeType: 'application/pdf' };

describe('Maileva postal registered letter through the provider seam', () => {
	it('sends, reads back and normalizes the letter, then archives its acknowledgement of receipt', async () => {
		const maileva = provider();
		const id = await maileva.uploadAttachment('s', file);
		calls.length = 0;
		const sent = await maileva.sendLetter(request('MED-2026-0201', 'SARL Dupont +accept', [id]));
		expect(calls).toEqual([
			'POST /registered_mail/v4/sendings',
			`POST /registered_mail/v4/sendings/${String(sent.sending.id)}/documents`,
			`POST /registered_mail/v4/sendings/${String(sent.sending.id)}/recipients`,
			`POST /registered_mail/v4/sendings/${String(sent.sending.id)}/submit`,
			`GET /registered_mail/v4/sendings/${String(sent.sending.id)}`,
			`GET /registered_mail/v4/sendings/${String(sent.sending.id)}/recipients`,
		]);
		const letter = maileva.normalize(sent);
		expect(letter).toMatchObject({
			provider: 'maileva',
			type: 'postal',
			state: 'pending',
			reference: 'MED-2026-0201',
			clientReference: 'CLI-7',
		});
		expect(sent.sending).toMatchObject({
			postage_type: 'URGENT',
			archiving_duration: 10,
			acknowledgement_of_receipt: true,
		});
		sbx.clock.advance(2 * DAY + 4 * HOUR);
		const delivered = maileva.normalize(await maileva.getLetter(letter.letterId));
		expect(delivered.state).toBe('accepted');
		expect(delivered.proofs.map((p) => p.type)).toEqual(['deposit', 'acceptance']);
		expect(delivered.events.acceptedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
		const ar = await maileva.fetchProof(delivered.proofs[1], 'acceptance');
		expect(ar.subarray(0, 5).toString('latin1')).toBe('%PDF-');
	});

	it('maps refusal, non-claim and a bad address to the neutral states with their undelivered-mail proof', async () => {
		const maileva = provider();
		const letters = await Promise.all(
			['Refus +refuse', 'Absent +ignore', 'Inconnu +bounce'].map(async (line, i) =>
				maileva.sendLetter(request(`MED-2026-03${i}`, line, [await maileva.uploadAttachment('s', file)])),
			),
		);
		sbx.clock.advance(20 * DAY);
		const states = await Promise.all(
			letters.map(async (l) => maileva.normalize(await maileva.getLetter(String(l.sending.id)))),
		);
		expect(states.map((l) => l.state)).toEqual(['refused', 'negligence', 'bounced']);
		expect(states.map((l) => l.proofs.at(-1)?.type)).toEqual(['refusal', 'negligence', 'bounce']);
	});

	it('refuses before any call what Maileva cannot carry, and deletes the draft of a send that failed half-way', async () => {
		const maileva = provider();
		calls.length = 0;
		// The provider has no Sender ID here: an electronic letter is refused before any call.
		await expect(maileva.sendLetter({ ...request('MED-1', 'X', []), type: 'lre' })).rejects.toThrow(
			/set Sender ID in the Maileva API credential/,
		);
		await expect(
			maileva.sendLetter(request('M'.repeat(37), 'X', [await maileva.uploadAttachment('s', file)])),
		).rejects.toThrow(/longer than the 36 characters/);
		await expect(maileva.sendLetter(request('MED-2', 'X', []))).rejects.toThrow(/attach at least one PDF/);
		expect(calls).toEqual([]);
		const bad = request('MED-2026-0401', 'X', [await maileva.uploadAttachment('s', file)]);
		bad.postal = { ...bad.postal!, addressLines: ['Nom', '', '', '', '', 'Paris sans code'] };
		await expect(maileva.sendLetter(bad)).rejects.toThrow(/address_line_6/);
		expect(calls.at(-1)).toMatch(/^DELETE \/registered_mail\/v4\/sendings\//);
		const listed = await maileva.listLetters('s', { start: 0, max: 500 });
		expect(listed.some((l) => l.sending.custom_id === 'MED-2026-0401')).toBe(false);
	});

	it('lets sendOnce find the letter of a reference in the sendings list instead of posting a second one', async () => {
		const maileva = provider();
		const reference = 'MED-2026-0501';
		const noRecord = {
			available: false,
			markAttempt: async () => false,
			wasAttempted: async () => false,
			clearAttempt: async () => undefined,
			recordLetter: async () => undefined,
			letterId: async () => undefined,
		};
		const ports = (): SendPorts<MailevaLetter> => ({
			lookup: {
				find: async (key) => {
					const page = await maileva.listLetters('s', { start: 0, max: 500 });
					return {
						mail: page.find((l) => canonicalReference(maileva.identify(l).reference ?? '') === key),
						complete: true,
					};
				},
				findRecent: async () => undefined,
				remember: () => undefined,
			},
			record: noRecord,
			identify: (l) => maileva.identify(l),
			getLetter: (id) => maileva.getLetter(id),
			upload: async () => ({ ids: [await maileva.uploadAttachment('s', file)], sha256ById: {} }),
			deposit: (ids) => maileva.sendLetter(request(reference, 'SAS Martin', ids)),
			mayHaveActed: () => false,
		});
		const first = await sendOnce(ports(), reference, 0);
		const again = await sendOnce(ports(), ` med-2026-0501 `, 0);
		expect(first.alreadySent).toBe(false);
		expect(again).toMatchObject({ alreadySent: true, foundBy: 'listing' });
		expect(String(again.mail.sending.id)).toBe(String(first.mail.sending.id));
	});
});
