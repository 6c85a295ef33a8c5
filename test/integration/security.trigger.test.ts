/**
 * Issue #16, items 5–6: the LRE Trigger (in-process, against the real sandbox) fires once per event whatever the
 * spelling of id_mail, and emits only letters it owns — sent by the credential's sender, with this trigger's URL
 * (as AR24 reports it) and, for URLs bound to a case reference, of that case; it says nothing about other letters.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { signWebhookUrl, webhookKey } from '../../lib/letter/webhookAuth';
import { canonicalLetterId, EventMemory } from '../../lib/letter/eventMemory';
import { LreTrigger } from '../../nodes/LreTrigger/LreTrigger.node';
import { notOwnedBecause } from '../../nodes/LreTrigger/LreTriggerHelpers';
import { fakeContext } from '../helpers/n8nContext';
import type { RunningSandbox } from '../../sandbox/server';
import { call, control, sandbox, sandboxCredentials } from '../helpers/sandbox';

const WEBHOOK_ID = '5b0f6a8e-5d7b-4c2a-8e61-3b9f2a7d0e16';
let sbx: RunningSandbox;
let credentials: Record<string, unknown>;
let key: string;

beforeAll(async () => {
	sbx = await sandbox();
	credentials = { ...sandboxCredentials(sbx), webhookSecret: 'webhook-secret-16' };
	key = webhookKey('', 'webhook-secret-16');
});
afterAll(() => sbx.close());

async function sendLetter(idUser: number, reference: string): Promise<number> {
	const answer = await call(sbx.url(), 'POST', '/mail', {
		id_user: idUser,
		to_email: `jean.martin+accept@example.org`,
		to_firstname: 'Jean',
		to_lastname: 'Martin',
		dest_statut: 'professionnel',
		to_company: 'Martin SARL',
		content: 'Mise en demeure',
		ref_dossier: reference,
	});
	expect(answer.json.status).toBe('SUCCESS');
	const id = (answer.json.result as { id: number }).id;
	await control(sbx.url(), 'POST', `/letters/${id}/outcome`, { outcome: 'accept', in: '0s' });
	return id;
}

/**
 * One trigger node (its static data kept between calls, as n8n does) and a way to POST to it. With `attached`, the
 * node has exactly these credentials, per type (n8n refuses a type not attached); without, any type answers the AR24 one.
 */
function trigger(workflowId: string, attached?: Record<string, Record<string, unknown>>) {
	const staticData: IDataObject = {};
	const base = fakeContext({ credentials, parameters: {} });
	if (attached) {
		base.getCredentials = (async (type: string) => {
			if (!attached[type]) throw new Error('Node does not require credentials');
			return attached[type];
		}) as typeof base.getCredentials;
	}
	return async (
		query: IDataObject,
		body: IDataObject,
	): Promise<{ started: boolean; status: number; answer: unknown }> => {
		let status = 200;
		let answer: unknown;
		const context = {
			...base,
			getNode: () => ({
				id: 'trigger-node',
				name: 'LRE Trigger',
				type: 'n8n-nodes-lre.lreTrigger',
				typeVersion: 1,
				webhookId: WEBHOOK_ID,
				parameters: {},
				...(attached
					? {
							credentials: Object.fromEntries(
								Object.keys(attached).map((type) => [type, { id: `${type}-1`, name: type }]),
							),
						}
					: {}),
			}),
			getWorkflow: () => ({ id: workflowId }),
			getWorkflowStaticData: () => staticData,
			getNodeParameter: (name: string, fallback?: unknown) =>
				({ events: ['accepted'], downloadProof: false })[name] ?? fallback,
			getQueryData: () => query,
			getBodyData: () => body,
			getResponseObject: () => ({
				status: (code: number) => ((status = code), { json: (b: unknown) => (answer = b) }),
			}),
			logger: { warn: () => undefined, info: () => undefined, debug: () => undefined, error: () => undefined },
		} as unknown as IWebhookFunctions;
		const result: IWebhookResponseData = await new LreTrigger().webhook.call(context);
		return { started: result.workflowData !== undefined, status, answer };
	};
}

const signed = (reference?: string, signingKey = key) =>
	Object.fromEntries(
		new URL(signWebhookUrl(`https://n8n.example.com/webhook/${WEBHOOK_ID}/webhook`, signingKey, reference) as string)
			.searchParams,
	);

describe('item 5: one execution per event, whatever the spelling of id_mail', () => {
	it('0100001, 00100001, " 100001 ", 100001 (number) and 100001 start one execution in all', async () => {
		const id = await sendLetter(1, 'CANON-1');
		const post = trigger('wf-canon');
		const spellings: unknown[] = [`0${id}`, `00${id}`, ` ${id} `, id, String(id), `000000000${id}`];
		const runs = [];
		for (const idMail of spellings) runs.push(await post(signed(), { id_mail: idMail as string }));
		expect(runs.filter((r) => r.started)).toHaveLength(1);
		expect(runs.slice(1).every((r) => (r.answer as IDataObject).duplicate === true)).toBe(true);
	});

	it('the memory keys on the canonical id, and refuses what is no letter id', () => {
		const memory = new EventMemory({});
		expect(memory.add('0100001', 'accepted')).toBe(true);
		expect(memory.add('100001', 'accepted')).toBe(false);
		expect(memory.has('00100001', 'accepted')).toBe(true);
		expect([
			canonicalLetterId('000'),
			canonicalLetterId('1e5'),
			canonicalLetterId('-1'),
			canonicalLetterId('1'.repeat(19)),
			canonicalLetterId(7),
		]).toEqual([undefined, undefined, undefined, undefined, '7']);
	});
});

describe('item 6: only letters the trigger owns', () => {
	it('a letter of another sender on the same AR24 token starts nothing, and the answer says nothing of it', async () => {
		const other = await control<{ id: number }>(sbx.url(), 'POST', '/users', {
			email: 'other.sender@example.org',
			company: 'Other SAS',
		});
		const id = await sendLetter(other.id, 'OTHER-1');
		const result = await trigger('wf-owner')(signed(), { id_mail: String(id) });
		expect(result).toEqual({ started: false, status: 200, answer: { received: true, started: false } });
		// The same trigger does emit its own sender's letter.
		expect((await trigger('wf-owner')(signed(), { id_mail: String(await sendLetter(1, 'MINE-1')) })).started).toBe(
			true,
		);
	});

	it('a URL bound to a case reference emits only the letter of that case', async () => {
		const mine = await sendLetter(1, 'CASE-A');
		const another = await sendLetter(1, 'CASE-B');
		const post = trigger('wf-bound');
		expect(await post(signed('CASE-A'), { id_mail: String(another) })).toEqual({
			started: false,
			status: 200,
			answer: { received: true, started: false },
		});
		expect((await post(signed('CASE-A'), { id_mail: String(mine) })).started).toBe(true);
		// A reference changed in the URL breaks its signature.
		expect((await post({ ...signed('CASE-A'), lre_ref: 'CASE-B' }, { id_mail: String(another) })).status).toBe(401);
	});

	it('a letter AR24 reports with another trigger’s URL is not this trigger’s', () => {
		const mail = {
			id: 1,
			id_sender: 1,
			from_email: 'a@example.org',
			ref_dossier: 'R',
			webhook: `https://n8n.example.com/webhook/00000000-0000-4000-8000-000000000000/webhook?lre_sig=x`,
		};
		expect(notOwnedBecause(mail, { id_user: '1' }, WEBHOOK_ID, undefined)).toBe(
			"it was sent with another trigger's URL",
		);
		expect(
			notOwnedBecause(
				{ ...mail, webhook: `https://n8n.example.com/webhook/${WEBHOOK_ID}/webhook` },
				{ id_user: '1' },
				WEBHOOK_ID,
				undefined,
			),
		).toBeUndefined();
		expect(notOwnedBecause(mail, { email: 'b@example.org' }, WEBHOOK_ID, undefined)).toBe(
			'it was not sent by the sender of this credential',
		);
	});
});

describe('issue #19: the switch to the LRE Signing Keys API credential, on the sandbox', () => {
	const NEW_KEY = 'bmV3LXdlYmhvb2stc2VjcmV0LWZvci1zYW5kYm94';
	const keys = { consentSecret: 'consent-secret-0123456789abcdef', webhookSecret: NEW_KEY };

	it('a URL signed with the AR24 key before the switch still starts the workflow once both are attached', async () => {
		const id = await sendLetter(1, 'SWITCH-OLD');
		const post = trigger('wf-switch-old', { ar24Api: credentials, lreSigningKeysApi: keys });
		const result = await post(signed('SWITCH-OLD'), { id_mail: String(id) });
		expect(result.started).toBe(true);
	});

	it('a URL signed with the new key starts it with both, and is refused (401) by a trigger with the AR24 one only', async () => {
		const id = await sendLetter(1, 'SWITCH-NEW');
		const url = signed('SWITCH-NEW', NEW_KEY);
		expect((await trigger('wf-switch-ar24', { ar24Api: credentials })(url, { id_mail: String(id) })).status).toBe(401);
		const both = await trigger('wf-switch-new', { ar24Api: credentials, lreSigningKeysApi: keys })(url, {
			id_mail: String(id),
		});
		expect(both.started).toBe(true);
	});

	it('a URL signed with neither key is refused with both attached, and the answer names no key', async () => {
		const id = await sendLetter(1, 'SWITCH-FORGED');
		const result = await trigger('wf-switch-forged', { ar24Api: credentials, lreSigningKeysApi: keys })(
			signed('SWITCH-FORGED', 'forger-key-0123456789abcdef'),
			{ id_mail: String(id) },
		);
		expect(result).toMatchObject({ started: false, status: 401 });
		for (const secret of [NEW_KEY, key, String(credentials.privateKey)])
			expect(JSON.stringify(result.answer)).not.toContain(secret);
	});
});
