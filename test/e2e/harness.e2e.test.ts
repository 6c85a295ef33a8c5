/**
 * The foundation end to end: this package, packed and installed as a community package into a real n8n 2.x,
 * runs against the AR24-compatible sandbox — from the CLI (Manual Trigger) and from a published webhook.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSandbox } from '../../sandbox/server';
import { control, PRIVATE_KEY, sandbox, sandboxCredentials, TOKEN } from '../helpers/sandbox';
import { N8n } from '../../devtools/n8n';

const workflow = (name: string) =>
	JSON.parse(readFileSync(join(__dirname, 'workflows', name), 'utf8')) as Record<string, unknown>;

let sbx: RunningSandbox;
let n8n: N8n;

beforeAll(async () => {
	sbx = await sandbox({ staticOtp: '123456' });
	n8n = await N8n.create();
	await n8n.importSandboxCredential(sandboxCredentials(sbx));
}, 600_000);

afterAll(async () => {
	await n8n?.stop();
	await sbx?.close();
});

it('runs LRE Send (Sender → Get, Start OTP Session) in a real n8n against the sandbox', async () => {
	const id = await n8n.importWorkflow(workflow('sender.workflow.json'));
	const run = await n8n.execute(id);
	expect(run.nodeErrors).toEqual({});
	expect(run.status).toBe('success');
	expect(run.nodes['Get Sender']).toEqual([
		expect.objectContaining({
			json: expect.objectContaining({ senderId: '1', email: sbx.options.senderEmail, identityVerified: true }),
		}),
	]);
	const [session] = run.nodes['Start OTP Session'];
	expect(session.json).toMatchObject({ senderId: '1', otpSessionHash: expect.stringMatching(/^[0-9a-f]{40}$/) });
	// The sandbox saw signed requests: a GET and a multipart POST, both answered SUCCESS.
	const requests = await control<Array<{ method: string; path: string; outcome: string }>>(
		sbx.url(),
		'GET',
		'/requests',
	);
	expect(requests.map((r) => `${r.method} ${r.path} ${r.outcome}`)).toEqual(
		expect.arrayContaining(['GET /api/user SUCCESS', 'POST /api/user/auth_otp SUCCESS']),
	);
	// No secret in what n8n keeps of the run.
	expect(JSON.stringify(run)).not.toContain(PRIVATE_KEY);
	expect(JSON.stringify(run)).not.toContain(TOKEN);
}, 300_000);

it('serves a published webhook whose workflow calls LRE Send', async () => {
	const id = await n8n.importWorkflow(workflow('sender-webhook.workflow.json'));
	await n8n.publish(id);
	const base = await n8n.start();
	await n8n.waitForWebhook(base, 'lre-e2e-sender');
	const response = await fetch(`${base}/webhook/lre-e2e-sender`, {
		method: 'POST',
		body: '{}',
		headers: { 'content-type': 'application/json' },
	});
	expect(response.status).toBe(200);
	expect(await response.json()).toMatchObject({ senderId: '1', email: sbx.options.senderEmail });
	const unknown = await fetch(`${base}/webhook/not-registered`, { method: 'POST' });
	expect(unknown.status).toBe(404);
	expect(n8n.log()).not.toContain(PRIVATE_KEY);

	// The credential's "Test" button (n8n's own credential tester calls GET /user through our signing).
	await n8n.signIn(base);
	const test = (privateKey: string) =>
		n8n.rest<{ data: { status: string; message: string } }>(base, 'POST', '/credentials/test', {
			credentials: {
				id: 'ar24sandbox',
				name: 'AR24 sandbox',
				type: 'ar24Api',
				data: {
					environment: 'custom',
					baseUrl: `${sbx.url()}/api`,
					apiToken: TOKEN,
					privateKey,
					sender: sbx.options.senderEmail,
					timeoutSeconds: 10,
				},
			},
		});
	expect((await test(PRIVATE_KEY)).body).toMatchObject({ data: { status: 'OK' } });
	const wrong = (await test('not-the-key')).body.data;
	expect(wrong.status).toBe('Error');
	expect(wrong.message).toContain('check the API token, the private key and the sender');
	await n8n.stop();
}, 300_000);
