/** Debtor Consent Invite → Check (nodes/DebtorConsentInvite/actions/check.operation.ts). */
import { DebtorConsentInvite } from '../../../../../nodes/DebtorConsentInvite/DebtorConsentInvite.node';
import { withdrawal } from '../../../../../lib/consent/evidence';
import { consentKey, createConsentToken } from '../../../../../lib/consent/token';
import { FAKE_AR24_CREDENTIALS, failureOf, runNode } from '../../../../helpers/n8nContext';

const credentials = { ...FAKE_AR24_CREDENTIALS };
const run = (parameters: Record<string, unknown>, continueOnFail = false) =>
	runNode(new DebtorConsentInvite(), {
		credentials,
		parameters: {
			operation: 'check',
			debtorEmail: 'marie@example.org',
			debtorType: 'individual',
			evidence: [],
			...parameters,
		},
		continueOnFail,
	});

/** An accepted consent, made as the node makes it (Create Invite's token → Record Response). */
async function accepted(): Promise<unknown> {
	const { token } = createConsentToken(
		consentKey(String(credentials.privateKey)),
		{ email: 'marie@example.org', name: 'Marie', status: 'individual', sender: 'ACME', lang: 'fr' },
		14,
	);
	const { out } = await runNode(new DebtorConsentInvite(), {
		credentials,
		parameters: {
			operation: 'recordResponse',
			token,
			decision: 'accept',
			clientAddress: {},
			userAgent: '',
			previousRecords: '[]',
		},
	});
	return out[0].json.consent;
}

describe('Debtor Consent Invite → Check', () => {
	it('no consent record: an individual may not receive a qualified LRE; a professional may', async () => {
		const individual = (await run({})).out[0];
		expect(individual).toMatchObject({
			json: { allowed: false, email: 'marie@example.org', status: 'individual' },
			pairedItem: { item: 0 },
		});
		expect((await run({ debtorType: 'professional' })).out[0].json).toMatchObject({
			allowed: true,
			status: 'professional',
		});
	});

	it('an accepted consent allows it; a later withdrawal forbids it again', async () => {
		const consent = await accepted();
		expect((await run({ evidence: [consent] })).out[0].json).toMatchObject({ allowed: true });
		const withdrawn = withdrawal('marie@example.org', 'Marie', Date.now() + 1000, 'by phone');
		expect((await run({ evidence: JSON.stringify([consent, withdrawn]) })).out[0].json).toMatchObject({
			allowed: false,
		});
	});

	it('a consent for another address does not count', async () => {
		expect((await run({ debtorEmail: 'paul@example.org', evidence: [await accepted()] })).out[0].json).toMatchObject({
			allowed: false,
		});
	});

	it('a bad email names the item and the field (Continue On Fail: an error item)', async () => {
		expect((await failureOf(run({ debtorEmail: 'marie' }))).message).toMatch(/^Item 0: "Debtor Email"/);
		expect((await run({ debtorEmail: 'marie' }, true)).out[0].json.error).toMatch(/^Item 0: "Debtor Email"/);
	});
});
