/**
 * credentials/LreSigningKeysApi.credentials.ts: two password fields with their hint, registered in package.json,
 * themed icons present, and tested by a function on the nodes that list it (no HTTP: the keys never leave n8n).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LreSigningKeysApi } from '../../../credentials/LreSigningKeysApi.credentials';
import { DebtorConsentInvite } from '../../../nodes/DebtorConsentInvite/DebtorConsentInvite.node';
import { LreTrigger } from '../../../nodes/LreTrigger/LreTrigger.node';
import { testSigningKeys } from '../../../nodes/shared/webhookKey';

const ROOT = join(__dirname, '../../..');
const credential = new LreSigningKeysApi();

describe('LRE Signing Keys API credential', () => {
	it('is named as n8n wants and registered in package.json', () => {
		expect([credential.name, credential.displayName]).toEqual(['lreSigningKeysApi', 'LRE Signing Keys API']);
		const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { n8n: { credentials: string[] } };
		expect(pkg.n8n.credentials).toContain('dist/credentials/LreSigningKeysApi.credentials.js');
	});

	it('holds a Consent Secret and a Webhook Secret: required password fields with the openssl hint', () => {
		const fields = credential.properties.filter((p) => p.type !== 'notice');
		expect(fields.map((p) => [p.name, p.displayName, p.typeOptions?.password, p.required, p.default])).toEqual([
			['consentSecret', 'Consent Secret', true, true, ''],
			['webhookSecret', 'Webhook Secret', true, true, ''],
		]);
		for (const field of fields) expect(field.description).toContain('openssl rand -base64 32');
	});

	it('has light and dark icons under icons/', () => {
		const icon = credential.icon as { light: string; dark: string };
		for (const path of [icon.light, icon.dark]) {
			expect(path).toMatch(/^file:\.\.\/icons\//);
			expect(existsSync(join(ROOT, 'credentials', path.replace('file:', '')))).toBe(true);
		}
	});

	it('has no HTTP test; each node that names a test function for it has that function', () => {
		expect((credential as { test?: unknown }).test).toBeUndefined();
		for (const node of [new DebtorConsentInvite(), new LreTrigger()]) {
			const entry = node.description.credentials?.find((c) => c.name === 'lreSigningKeysApi');
			expect(entry).toMatchObject({ required: false, testedBy: 'lreSigningKeysApiTest' });
			const methods = (node as { methods?: { credentialTest?: Record<string, unknown> } }).methods;
			expect(methods?.credentialTest?.lreSigningKeysApiTest).toBe(testSigningKeys);
		}
	});

	it('Debtor Consent Invite lists both credentials as optional, the new one first', () => {
		expect(new DebtorConsentInvite().description.credentials?.map((c) => [c.name, c.required])).toEqual([
			['lreSigningKeysApi', false],
			['ar24Api', false],
		]);
	});
});
