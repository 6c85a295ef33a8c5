/**
 * The consent page served by a real n8n 2.x: the link from Create Invite opens the page (Webhook → Debtor Consent
 * Invite → Respond to Webhook), the answer posted back (Debtor Consent Answer Trigger → Record Response, the trigger
 * answering the page itself) becomes an evidence record with the connection's address, and LRE Send accepts it.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DebtorConsentInvite } from '../../nodes/DebtorConsentInvite/DebtorConsentInvite.node';
import type { RunningSandbox } from '../../sandbox/server';
import { fakeContext } from '../helpers/n8nContext';
import { consentPageWithEvidenceReport } from '../helpers/consentExample';
import { receiver, type Receiver } from '../helpers/receiver';
import { control, sandbox, sandboxCredentials } from '../helpers/sandbox';
import { N8n } from '../../devtools/n8n';

let sbx: RunningSandbox;
let n8n: N8n;
let inbox: Receiver;
let base: string;
let credentials: Record<string, unknown>;

beforeAll(async () => {
	sbx = await sandbox({ staticOtp: '123456' });
	inbox = await receiver();
	n8n = await N8n.create();
	credentials = sandboxCredentials(sbx);
	await n8n.importSandboxCredential(credentials);
	// The shipped example, as a user imports it — plus one node that hands the evidence to this test.
	const example = consentPageWithEvidenceReport(`${inbox.url}/evidence`, {
		id: '7a1c2e30-0001-4b6d-9f10-00000000e2e0',
		position: [720, 240],
	});
	await n8n.publish(await n8n.importWorkflow({ ...example }));
	await n8n.publish(
		await n8n.importWorkflow(
			JSON.parse(readFileSync(join(__dirname, 'workflows', 'consent-send.workflow.json'), 'utf8')),
		),
	);
	base = await n8n.start();
	await n8n.waitForWebhook(base, 'lre-consent', 'PUT');
}, 600_000);

afterAll(async () => {
	await n8n?.stop();
	await sbx?.close();
	await inbox?.close();
}, 60_000);

async function invite(email: string): Promise<string> {
	const context = fakeContext({
		credentials,
		parameters: {
			operation: 'createInvite',
			debtorName: 'Zoë Lefèvre',
			debtorEmail: email,
			debtorType: 'individual',
			senderName: 'ACME Industries SAS',
			pageUrl: `${base}/webhook/lre-consent`,
			language: 'fr',
			validDays: 14,
		},
	});
	const [[item]] = await new DebtorConsentInvite().execute.call(context);
	return String(item.json.consentUrl);
}

it('serves the page, records the answer as evidence, and LRE Send then accepts that individual', async () => {
	const link = await invite('zoe.lefevre+accept@example.org');
	const page = await fetch(link);
	expect(page.status).toBe(200);
	expect(page.headers.get('content-type')).toContain('text/html');
	const html = await page.text();
	expect(html).toContain('Zoë Lefèvre');
	expect(html).toContain('Consentement à la lettre recommandée électronique');
	// `LRE_SCREENSHOTS=1 npx jest test/e2e/consent.e2e.test.ts` refreshes the README picture of this very page.
	if (process.env.LRE_SCREENSHOTS === '1') screenshot(link, join(__dirname, '../../docs/consent-page.png'));
	const action = /action="([^"]+)"/.exec(html)?.[1] as string;
	const token = /name="token" value="([^"]+)"/.exec(html)?.[1] as string;
	expect(action).toBe(`${base}/webhook/lre-consent`);

	const answer = await fetch(action, {
		method: 'POST',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			'user-agent': 'Mozilla/5.0 (iPhone; e2e)',
			'x-forwarded-for': '203.0.113.7',
		},
		body: new URLSearchParams({ token, decision: 'accept' }).toString(),
	});
	expect(answer.status).toBe(200);
	expect(answer.headers.get('content-type')).toContain('text/html');
	expect(await answer.text()).toContain('<h1>Merci</h1>');
	const deadline = Date.now() + 30_000;
	while (!inbox.deliveries.some((d) => d.path === '/evidence') && Date.now() < deadline)
		await new Promise((r) => setTimeout(r, 300));
	const evidence = JSON.parse(inbox.deliveries.find((d) => d.path === '/evidence')?.body ?? '{}') as Record<
		string,
		unknown
	>;
	expect(evidence).toMatchObject({
		kind: 'lre-consent',
		decision: 'accepted',
		email: 'zoe.lefevre+accept@example.org',
		name: 'Zoë Lefèvre',
		// The address of the connection; the client's own X-Forwarded-For is not evidence (no trusted proxy).
		ip: '127.0.0.1',
		ipSource: 'socket',
		userAgent: 'Mozilla/5.0 (iPhone; e2e)',
		consentTextVersion: 'fr-2026-1',
		recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/),
	});

	// The same link cannot record a second answer.
	const again = await fetch(action, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ token, decision: 'decline' }).toString(),
	});
	expect(again.status).toBe(200);
	const refusal = await again.text();
	expect(refusal).toContain('<h1>Lien non valable</h1>');
	expect(refusal).toContain('déjà été utilisé');
	await new Promise((r) => setTimeout(r, 1_000));
	expect(inbox.deliveries.filter((d) => d.path === '/evidence')).toHaveLength(1);

	// LRE Send in n8n: the individual with this evidence gets the letter; one without evidence is refused before
	// any call to AR24.
	const send = async (body: Record<string, unknown>) =>
		(await (
			await fetch(`${base}/webhook/lre-e2e-send`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			})
		).json()) as Record<string, unknown>;
	const sent = await send({
		reference: 'CONSENT-E2E',
		email: 'zoe.lefevre+accept@example.org',
		firstName: 'Zoë',
		lastName: 'Lefèvre',
		consent: evidence,
	});
	expect(sent).toMatchObject({
		type: 'lre',
		alreadySent: false,
		consentBasis: expect.stringContaining('Consent accepted'),
	});
	const before = (await control<unknown[]>(sbx.url(), 'GET', '/requests')).length;
	const refused = await send({
		reference: 'CONSENT-NONE',
		email: 'paul.petit@example.org',
		firstName: 'Paul',
		lastName: 'Petit',
	});
	expect(String(refused.error)).toContain('"Consent Evidence" does not allow a qualified LRE');
	expect((await control<unknown[]>(sbx.url(), 'GET', '/requests')).length).toBe(before);
}, 300_000);

/** Headless Chromium (Debian's package), phone-sized, no network but loopback. */
function screenshot(url: string, file: string): void {
	execFileSync(
		'chromium',
		[
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			'--hide-scrollbars',
			`--user-data-dir=${join(n8n.folder, 'chromium')}`,
			'--window-size=420,860',
			`--screenshot=${file}`,
			url,
		],
		{ stdio: 'ignore', timeout: 60_000 },
	);
}
