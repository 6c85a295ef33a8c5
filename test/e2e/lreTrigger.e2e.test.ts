/**
 * LRE Trigger and LRE Poll Trigger in a real n8n 2.x: published workflows receive the sandbox's webhooks (or poll
 * it), re-read each letter, start once per event — also across a restart — with the proof PDF attached.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeExecutionData } from 'n8n-workflow';
import { signWebhookUrl, webhookKey } from '../../lib/letter/webhookAuth';
import { LreSend } from '../../nodes/LreSend/LreSend.node';
import type { RunningSandbox } from '../../sandbox/server';
import { fakeContext } from '../helpers/n8nContext';
import { receiver, type Receiver } from '../helpers/receiver';
import { control, PRIVATE_KEY, sandbox, sandboxCredentials } from '../helpers/sandbox';
import { N8n } from '../../devtools/n8n';

const WEBHOOK_ID = '0c1f6a8e-5d7b-4c2a-8e61-3b9f2a7d0e51';

let sbx: RunningSandbox;
let n8n: N8n;
let inbox: Receiver;
let base: string;
let credentials: Record<string, unknown>;

interface Reported {
	event: string;
	letterId: string;
	state: string;
	reference: string;
	eventDate: string;
	acceptanceDelayHours: number | null;
	proof: { type: string; sha256: string; fileName: string } | null;
	binaryProof: { fileName: string; mimeType: string } | null;
}

const reports = (path: string): Reported[] =>
	inbox.deliveries.filter((d) => d.path === path).map((d) => JSON.parse(d.body) as Reported);

const workflow = (name: string) =>
	JSON.parse(readFileSync(join(__dirname, 'workflows', name), 'utf8').replaceAll('=RECEIVER', inbox.url)) as Record<
		string,
		unknown
	>;

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 60_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${n8n.log().slice(-4000)}`);
		await new Promise((r) => setTimeout(r, 300));
	}
}

/** Sends letters with LRE Send (in-process), the trigger's production URL as status webhook. */
async function send(
	letters: Array<{ reference: string; email: string; webhook?: boolean }>,
): Promise<Record<string, string>> {
	const items: INodeExecutionData[] = letters.map(() => ({ json: {} }));
	const context = fakeContext({
		credentials,
		items,
		// LRE Send signs only URLs of this n8n: tell the stand-in context where it is.
		restApiUrl: `${base}/rest`,
		parameters: {
			resource: 'letter',
			operation: 'send',
			letterType: 'ere',
			reference: (i: number) => letters[i].reference,
			recipientEmail: (i: number) => letters[i].email,
			debtorType: 'professional',
			recipientCompany: 'Martin SARL',
			content: 'Mise en demeure',
			attachmentProperties: '',
			additionalFields: (i: number) =>
				letters[i].webhook === false ? {} : { webhookUrl: `${base}/webhook/${WEBHOOK_ID}/webhook` },
			options: {},
		},
	});
	const [out] = await new LreSend().execute.call(context);
	return Object.fromEntries(out.map((item) => [String(item.json.reference), String(item.json.letterId)]));
}

/** Lets AR24-style retries (every 15 sandbox minutes) run until every delivery of these letters got HTTP 200. */
async function settleDeliveries(
	letterIds: string[],
): Promise<Array<{ id: number; id_mail: number; state: string; status: string }>> {
	for (let round = 0; ; round++) {
		await new Promise((r) => setTimeout(r, 1500));
		const all = await control<Array<{ id: number; id_mail: number; state: string; status: string }>>(
			sbx.url(),
			'GET',
			'/webhooks',
		);
		const mine = all.filter((d) => letterIds.includes(String(d.id_mail)));
		if (mine.every((d) => d.status === 'delivered') || round >= 6) return mine;
		await control(sbx.url(), 'POST', '/clock', { advance: '15m' });
	}
}

const proofHash = async (letterId: string, code: string) =>
	(await control<{ proofs: Record<string, { sha256: string }> }>(sbx.url(), 'GET', `/letters/${letterId}`)).proofs[code]
		.sha256;

beforeAll(async () => {
	sbx = await sandbox({ staticOtp: '123456' });
	inbox = await receiver();
	n8n = await N8n.create();
	credentials = sandboxCredentials(sbx);
	await n8n.importSandboxCredential(credentials);
	// A letter that ends before the triggers are active: the poll trigger must remember it, not report it.
	await send([{ reference: 'PRE-ACCEPT', email: 'pre+accept-1m@martin.example', webhook: false }]);
	await control(sbx.url(), 'POST', '/clock', { advance: '2m' });
	for (const name of ['trigger-webhook.workflow.json', 'trigger-poll.workflow.json'])
		await n8n.publish(await n8n.importWorkflow(workflow(name)));
	const since = (await control<Array<{ seq: number }>>(sbx.url(), 'GET', '/requests')).at(-1)?.seq ?? 0;
	base = await n8n.start();
	await n8n.waitForWebhook(base, `${WEBHOOK_ID}/webhook`);
	// The poll trigger is active once its activation poll has listed the letters (n8n may activate it after the
	// webhook workflow): the POLL- letters must end after that.
	const deadline = Date.now() + 60_000;
	while (
		!(await control<Array<{ path: string }>>(sbx.url(), 'GET', `/requests?since=${since}`)).some(
			(r) => r.path === '/api/user/mail',
		)
	) {
		if (Date.now() > deadline) throw new Error(`the poll trigger never polled\n${n8n.log().slice(-3000)}`);
		await new Promise((r) => setTimeout(r, 500));
	}
}, 600_000);

afterAll(async () => {
	await n8n?.stop();
	await sbx?.close();
	await inbox?.close();
}, 60_000);

let ids: Record<string, string>;

describe('LRE Trigger (webhook)', () => {
	it('starts one execution per final event with the proof whose SHA-256 matches the sandbox file', async () => {
		expect(base).toBeTruthy();
		ids = await send([
			{ reference: 'HOOK-ACCEPT', email: 'a+accept-1m@martin.example' },
			{ reference: 'HOOK-REFUSE', email: 'r+refuse-1m@martin.example' },
			{ reference: 'HOOK-NEGLIGENCE', email: 'n+ignore@martin.example' },
			{ reference: 'HOOK-BOUNCE', email: 'b+bounce-10s@martin.example' },
			// For the poll trigger (no webhook): they end now, after its activation.
			{ reference: 'POLL-ACCEPT', email: 'pa+accept-1m@martin.example', webhook: false },
			{ reference: 'POLL-REFUSE', email: 'pr+refuse-1m@martin.example', webhook: false },
		]);
		await control(sbx.url(), 'POST', '/clock', { advance: '17d' });
		const got = await until('four trigger executions', () => reports('/hook').length >= 4 && reports('/hook'));
		const byRef = Object.fromEntries(got.map((r) => [r.reference, r]));
		const expected: Array<[string, string, string]> = [
			['HOOK-ACCEPT', 'accepted', 'ar'],
			['HOOK-REFUSE', 'refused', 'rf'],
			['HOOK-NEGLIGENCE', 'negligence', 'ng'],
			['HOOK-BOUNCE', 'bounced', 'bc'],
		];
		for (const [reference, state, code] of expected) {
			const report = byRef[reference];
			expect(report).toMatchObject({
				event: state,
				state,
				letterId: ids[reference],
				proof: { sha256: await proofHash(ids[reference], code) },
			});
			expect(report.binaryProof).toMatchObject({ mimeType: 'application/pdf', fileName: report.proof?.fileName });
			expect(report.proof?.fileName).toMatch(/^LRE_[A-Za-z]+_MartinSarl_\d{4}-\d{2}-\d{2}_\d+\.pdf$/);
		}
		expect(byRef['HOOK-ACCEPT'].acceptanceDelayHours).toBeCloseTo(1 / 60, 2);
		// Every delivery ends with HTTP 200 ("sent" events are filtered out, not refused), retries included — and
		// retries start nothing new.
		const hookIds = ['HOOK-ACCEPT', 'HOOK-REFUSE', 'HOOK-NEGLIGENCE', 'HOOK-BOUNCE'].map((ref) => ids[ref]);
		const deliveries = await settleDeliveries(hookIds);
		expect(deliveries.map((d) => d.status)).toEqual(Array(8).fill('delivered'));
		expect(reports('/hook').filter((r) => r.reference.startsWith('HOOK-'))).toHaveLength(4);
	}, 180_000);

	it('answers 401 without the signature, or with another one, and starts nothing', async () => {
		const url = `${base}/webhook/${WEBHOOK_ID}/webhook`;
		const body = new URLSearchParams({ id_mail: ids['HOOK-ACCEPT'], new_state: 'AR' }).toString();
		const headers = { 'content-type': 'application/x-www-form-urlencoded' };
		expect((await fetch(url, { method: 'POST', headers, body })).status).toBe(401);
		const otherKey = signWebhookUrl(url, webhookKey('another-private-key')) as string;
		expect((await fetch(otherKey, { method: 'POST', headers, body })).status).toBe(401);
		await new Promise((r) => setTimeout(r, 1500));
		expect(reports('/hook')).toHaveLength(4);
	});

	it('trusts AR24, not the payload: a forged state reports the real one, or nothing if unchanged', async () => {
		const url = signWebhookUrl(`${base}/webhook/${WEBHOOK_ID}/webhook`, webhookKey(PRIVATE_KEY)) as string;
		// Unchanged: the accepted letter is claimed "refused" — AR24 says accepted, already reported → no execution.
		const forged = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ id_mail: ids['HOOK-ACCEPT'], new_state: 'refused' }),
		});
		expect(forged.status).toBe(200);
		// A letter refused at AR24 whose webhook never came: a forged "AR" payload starts an execution saying refused.
		const quiet = await send([{ reference: 'HOOK-QUIET', email: 'q+hold@martin.example', webhook: false }]);
		await control(sbx.url(), 'POST', `/letters/${quiet['HOOK-QUIET']}/outcome`, { outcome: 'refuse' });
		const lie = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({
				id_mail: quiet['HOOK-QUIET'],
				new_state: 'AR',
				view_date: '2026-01-01 10:00:00',
			}).toString(),
		});
		expect(lie.status).toBe(200);
		const report = await until('the quiet letter', () => reports('/hook').find((r) => r.reference === 'HOOK-QUIET'));
		expect(report).toMatchObject({ state: 'refused', event: 'refused', proof: { type: 'refusal' } });
		expect(reports('/hook').filter((r) => r.reference === 'HOOK-ACCEPT')).toHaveLength(1);
	}, 60_000);
});

describe('LRE Poll Trigger', () => {
	it('reports the accepted and refused letters that ended after its activation once each, and not those before', async () => {
		// The letters were sent and ended in the first test; n8n polls at activation and then every minute.
		const got = await until(
			'both polled events',
			() => {
				const mine = reports('/poll').filter((r) => r.reference.startsWith('POLL-'));
				return mine.length >= 2 && mine;
			},
			150_000,
		);
		expect(got.map((r) => [r.reference, r.state]).sort()).toEqual([
			['POLL-ACCEPT', 'accepted'],
			['POLL-REFUSE', 'refused'],
		]);
		expect(got.find((r) => r.reference === 'POLL-ACCEPT')?.proof?.sha256).toBe(
			await proofHash(ids['POLL-ACCEPT'], 'ar'),
		);
		expect(reports('/poll').some((r) => r.reference === 'PRE-ACCEPT')).toBe(false);
		// Every later poll finds nothing new: still once each.
		await n8n.stop();
		base = await n8n.start();
		await new Promise((r) => setTimeout(r, 3000));
		expect(reports('/poll').filter((r) => r.reference.startsWith('POLL-'))).toHaveLength(2);
	}, 300_000);
});

describe('LRE Trigger across a restart', () => {
	it('48 deliveries of one event start one execution, also across an n8n restart', async () => {
		const deliveries = await control<Array<{ id: number; id_mail: number; state: string }>>(
			sbx.url(),
			'GET',
			'/webhooks',
		);
		const accepted = deliveries.find((d) => String(d.id_mail) === ids['HOOK-ACCEPT'] && d.state === 'accepted') as {
			id: number;
		};
		await control(sbx.url(), 'POST', `/webhooks/${accepted.id}/replay`, { times: 23 });
		await settleDeliveries([ids['HOOK-ACCEPT']]);
		await n8n.stop();
		base = await n8n.start();
		await n8n.waitForWebhook(base, `${WEBHOOK_ID}/webhook`);
		await control(sbx.url(), 'POST', `/webhooks/${accepted.id}/replay`, { times: 24 });
		const copies = (await settleDeliveries([ids['HOOK-ACCEPT']])).filter((d) => d.state === 'accepted');
		const stuck = copies.find((d) => d.status !== 'delivered') as unknown as { history: unknown[] } | undefined;
		if (stuck) throw new Error(`undelivered: ${JSON.stringify(stuck.history)}\n${n8n.log().slice(-3000)}`);
		expect(copies).toHaveLength(48);
		expect(copies.map((d) => d.status)).toEqual(Array(48).fill('delivered'));
		expect(reports('/hook').filter((r) => r.reference === 'HOOK-ACCEPT')).toHaveLength(1);
	}, 180_000);
});
