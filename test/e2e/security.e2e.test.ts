/**
 * Issue #16 in a real n8n 2.41, on the shipped consent-page example as a user imports it: the Debtor Consent Answer
 * Trigger answers the page itself and records the connection's address (127.0.0.1 here), a client's own
 * X-Forwarded-For only when Trusted Proxies lists the proxy it came through; six simultaneous answers with one
 * consent token record exactly one answer, the five others get the "already answered" page and record nothing.
 */
import { DebtorConsentInvite } from '../../nodes/DebtorConsentInvite/DebtorConsentInvite.node';
import type { RunningSandbox } from '../../sandbox/server';
import { fakeContext } from '../helpers/n8nContext';
import { N8n } from '../../devtools/n8n';
import { consentPageWithEvidenceReport, type ExampleWorkflow } from '../helpers/consentExample';
import { receiver, type Receiver } from '../helpers/receiver';
import { sandbox, sandboxCredentials } from '../helpers/sandbox';

let sbx: RunningSandbox;
let n8n: N8n;
let inbox: Receiver;
let base: string;
let credentials: Record<string, unknown>;

/** The shipped example, plus a node that hands each stored evidence to this test (before the page, the last node). */
function example(variant: { path: string; trustedProxies: string; idSuffix: string }): ExampleWorkflow {
	const workflow = consentPageWithEvidenceReport(`${inbox.url}/evidence`, {
		id: `7a1c2e30-0001-4b6d-9f10-00000000${variant.idSuffix}`,
		position: [1080, 400],
	});
	for (const node of workflow.nodes) {
		if (node.webhookId) node.webhookId = `${String(node.webhookId).slice(0, -4)}${variant.idSuffix}`;
		if (node.parameters.path === 'lre-consent') node.parameters.path = variant.path;
	}
	const answer = workflow.nodes.find((node) => node.name === 'Answer (POST)') as ExampleWorkflow['nodes'][number];
	answer.parameters.trustedProxies = variant.trustedProxies;
	return workflow;
}

beforeAll(async () => {
	sbx = await sandbox();
	inbox = await receiver();
	n8n = await N8n.create();
	credentials = sandboxCredentials(sbx);
	await n8n.importSandboxCredential(credentials);
	await n8n.publish(
		await n8n.importWorkflow({ ...example({ path: 'lre-consent', trustedProxies: '', idSuffix: 'e216' }) }),
	);
	// The same example behind a reverse proxy the user declared (this test plays the proxy, on 127.0.0.1).
	const proxied = {
		...example({ path: 'lre-consent-proxied', trustedProxies: '127.0.0.1', idSuffix: 'e218' }),
		id: 'lreExampleConsentProxied',
		name: 'LRE — consent page behind a trusted proxy',
	};
	await n8n.publish(await n8n.importWorkflow(proxied));
	base = await n8n.start();
	await n8n.waitForWebhook(base, 'lre-consent', 'PUT');
	await n8n.waitForWebhook(base, 'lre-consent-proxied', 'PUT');
}, 600_000);

afterAll(async () => {
	await n8n?.stop();
	await sbx?.close();
	await inbox?.close();
}, 60_000);

async function token(email: string): Promise<string> {
	const context = fakeContext({
		credentials,
		parameters: {
			operation: 'createInvite',
			debtorName: 'Marie Durand',
			debtorEmail: email,
			debtorType: 'individual',
			senderName: 'ACME Industries SAS',
			pageUrl: `${base}/webhook/lre-consent`,
			language: 'fr',
			validDays: 14,
		},
	});
	const [[item]] = await new DebtorConsentInvite().execute.call(context);
	return String(item.json.token);
}

async function evidenceFor(email: string, waitMs: number): Promise<Array<Record<string, unknown>>> {
	const deadline = Date.now() + waitMs;
	const found = () =>
		inbox.deliveries
			.filter((d) => d.path === '/evidence')
			.map((d) => JSON.parse(d.body) as Record<string, unknown>)
			.filter((e) => e.email === email);
	while (found().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 300));
	return found();
}

const answer = async (path: string, link: string, decision: string, forwardedFor: string) => {
	const response = await fetch(`${base}/webhook/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': forwardedFor },
		body: new URLSearchParams({ token: link, decision }).toString(),
	});
	return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
};

it('six simultaneous answers with one token: exactly one record (the socket address, not the spoofed header), the others get the "already answered" page', async () => {
	const email = 'marie.durand+race@example.org';
	const link = await token(email);
	const answers = await Promise.all(
		Array.from({ length: 6 }, (_, i) =>
			answer('lre-consent', link, i % 2 ? 'decline' : 'accept', `203.0.113.${i + 1}`),
		),
	);
	for (const a of answers) expect(a).toMatchObject({ status: 200, type: expect.stringContaining('text/html') });
	const recorded = answers.filter((a) => /<h1>(Merci|Réponse enregistrée)<\/h1>/.test(a.text));
	expect(recorded).toHaveLength(1);
	const refused = answers.filter((a) => a.text.includes('<h1>Lien non valable</h1>'));
	expect(refused).toHaveLength(5);
	for (const a of refused) expect(a.text).toContain('déjà été utilisé');

	// Exactly one evidence record reached the store (wait for stragglers): the connection's address, not a header.
	await evidenceFor(email, 30_000);
	await new Promise((r) => setTimeout(r, 3_000));
	const records = await evidenceFor(email, 0);
	expect(records).toHaveLength(1);
	expect(records[0]).toMatchObject({
		kind: 'lre-consent',
		email,
		ip: '127.0.0.1',
		ipSource: 'socket',
		socketAddress: '127.0.0.1',
	});
	expect(records[0].decision).toBe(recorded[0].text.includes('Merci') ? 'accepted' : 'declined');
}, 300_000);

it('records the X-Forwarded-For address only through a proxy listed in Trusted Proxies, and says so', async () => {
	const email = 'marie.durand+proxied@example.org';
	const reply = await answer('lre-consent-proxied', await token(email), 'accept', '198.51.100.20, 203.0.113.9');
	expect(reply.status).toBe(200);
	expect(reply.text).toContain('<h1>Merci</h1>');
	const [record] = await evidenceFor(email, 30_000);
	// The nearest hop (203.0.113.9) is not a trusted proxy: it is the client, whatever it claims before it.
	expect(record).toMatchObject({
		email,
		decision: 'accepted',
		ip: '203.0.113.9',
		ipSource: 'x-forwarded-for',
		socketAddress: '127.0.0.1',
	});
}, 120_000);
