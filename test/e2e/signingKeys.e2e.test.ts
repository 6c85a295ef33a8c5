/**
 * The LRE Signing Keys API credential in a real n8n 2.x (issue #19): n8n loads it and tests it with the package's
 * function (no HTTP); a Debtor Consent Invite node with only that credential (a Maileva-only business) signs links
 * with its Consent Secret; a link signed under the AR24 key is still valid on a node with both credentials and
 * refused on a node with only the new one; a node with no credential fails naming the credential to attach.
 */
import { randomBytes } from 'node:crypto';
import { consentKey, verifyConsentToken } from '../../lib/consent/token';
import type { RunningSandbox } from '../../sandbox/server';
import { sandbox, sandboxCredentials } from '../helpers/sandbox';
import { N8n } from '../../devtools/n8n';

let sbx: RunningSandbox;
let n8n: N8n;
let ar24: Record<string, unknown>;
const fresh = { consentSecret: randomBytes(32).toString('base64'), webhookSecret: randomBytes(32).toString('base64') };
const AR24_CRED = { ar24Api: { id: 'ar24sandbox', name: 'AR24 sandbox' } };
const KEYS_CRED = { lreSigningKeysApi: { id: 'keysFresh', name: 'Fresh signing keys' } };

let position = 0;
function consentNode(
	name: string,
	credentials: Record<string, unknown> | undefined,
	parameters: Record<string, unknown>,
) {
	position += 1;
	return {
		id: `5e1a9b20-0000-4c00-8000-${String(position).padStart(12, '0')}`,
		name,
		type: 'n8n-nodes-lre.debtorConsentInvite',
		typeVersion: 1,
		position: [220 * (position % 4), 200 * Math.floor(position / 4)],
		onError: 'continueRegularOutput',
		parameters,
		...(credentials ? { credentials } : {}),
	};
}
const invite = (name: string, credentials?: Record<string, unknown>) =>
	consentNode(name, credentials, {
		operation: 'createInvite',
		debtorName: 'Zoë Lefèvre',
		debtorEmail: 'zoe.lefevre@example.org',
		debtorType: 'individual',
		senderName: 'ACME Industries SAS',
		pageUrl: 'https://n8n.example.com/webhook/lre-consent',
		language: 'fr',
		validDays: 14,
	});
const page = (name: string, credentials: Record<string, unknown>) =>
	consentNode(name, credentials, {
		operation: 'renderPage',
		token: '={{ $json.token }}',
		actionUrl: 'https://n8n.example.com/webhook/lre-consent',
	});

const to = (...names: string[]) => ({ main: [names.map((node) => ({ node, type: 'main', index: 0 }))] });

const workflow = {
	id: 'lreE2eSigningKeys',
	name: 'e2e: signing keys',
	nodes: [
		{
			id: '5e1a9b20-0000-4c00-8000-100000000000',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		invite('Invite (AR24)', AR24_CRED),
		page('Old link, both', { ...KEYS_CRED, ...AR24_CRED }),
		page('Old link, new only', KEYS_CRED),
		invite('Invite (new only)', KEYS_CRED),
		page('New link, new only', KEYS_CRED),
		page('New link, AR24 only', AR24_CRED),
		invite('Invite (none)'),
	],
	connections: {
		Start: to('Invite (AR24)', 'Invite (new only)', 'Invite (none)'),
		'Invite (AR24)': to('Old link, both', 'Old link, new only'),
		'Invite (new only)': to('New link, new only', 'New link, AR24 only'),
	},
};

beforeAll(async () => {
	sbx = await sandbox();
	n8n = await N8n.create();
	ar24 = sandboxCredentials(sbx);
	await n8n.importSandboxCredential(ar24);
	await n8n.importCredentials([
		{ id: 'keysFresh', name: 'Fresh signing keys', type: 'lreSigningKeysApi', data: fresh },
	]);
	await n8n.importWorkflow(workflow);
}, 600_000);

afterAll(async () => {
	await n8n?.stop();
	await sbx?.close();
}, 60_000);

it('signs with the attached credential, checks with every key the node has, and names the credential to attach', async () => {
	const run = await n8n.execute('lreE2eSigningKeys');
	const json = (node: string) => run.nodes[node]?.[0]?.json ?? {};
	const oldToken = String(json('Invite (AR24)').token);
	const newToken = String(json('Invite (new only)').token);
	const oldKey = consentKey(String(ar24.privateKey));
	expect(verifyConsentToken(oldKey, oldToken).ok).toBe(true);
	expect(verifyConsentToken(fresh.consentSecret, newToken).ok).toBe(true);
	expect(verifyConsentToken(oldKey, newToken)).toEqual({ ok: false, reason: 'forged' });

	expect(json('Old link, both')).toMatchObject({ valid: true });
	expect(json('Old link, new only')).toMatchObject({ valid: false, reason: 'forged' });
	expect(json('New link, new only')).toMatchObject({ valid: true });
	expect(json('New link, AR24 only')).toMatchObject({ valid: false, reason: 'forged' });
	expect(String(json('Invite (none)').error)).toContain(
		'No key to sign or check consent links: attach an LRE Signing Keys API credential to this node',
	);
	const everything = JSON.stringify(run);
	for (const secret of [fresh.consentSecret, fresh.webhookSecret, oldKey, String(ar24.privateKey)])
		expect(everything).not.toContain(secret);
}, 300_000);

it("n8n tests the credential with the package's function: OK with two secrets, the problem named otherwise", async () => {
	const base = await n8n.start();
	await n8n.signIn(base);
	const test = async (data: Record<string, unknown>) =>
		(
			await n8n.rest<{ data: { status: string; message: string } }>(base, 'POST', '/credentials/test', {
				credentials: { id: 'keysFresh', name: 'Fresh signing keys', type: 'lreSigningKeysApi', data },
			})
		).body.data;
	expect(await test(fresh)).toEqual({
		status: 'OK',
		message: 'Both secrets are set. They sign and check consent links and LRE Trigger URLs inside n8n.',
	});
	const short = await test({ ...fresh, webhookSecret: 'too-short' });
	expect(short.status).toBe('Error');
	expect(short.message).toMatch(/^The Webhook Secret is shorter than 16 characters/);
	expect(short.message).not.toContain(fresh.consentSecret);
}, 300_000);
