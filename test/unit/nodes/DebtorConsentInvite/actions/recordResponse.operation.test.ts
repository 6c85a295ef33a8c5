/** Debtor Consent Invite → Record Response (nodes/DebtorConsentInvite/actions/recordResponse.operation.ts). */
import { DebtorConsentInvite } from '../../../../../nodes/DebtorConsentInvite/DebtorConsentInvite.node';
import { consentKey, createConsentToken } from '../../../../../lib/consent/token';
import {
	FAKE_AR24_CREDENTIALS,
	failureOf,
	processedStore,
	runNode,
	type ProcessedStore,
} from '../../../../helpers/n8nContext';

const key = consentKey(String(FAKE_AR24_CREDENTIALS.privateKey));
const invite = (signingKey = key) =>
	createConsentToken(
		signingKey,
		{ email: 'marie@example.org', name: 'Marie Durand', status: 'individual', sender: 'Atelier Lefèvre', lang: 'fr' },
		14,
	);
const client = { ip: '203.0.113.7', ipSource: 'socket', socketAddress: '203.0.113.7', via: [] };

const record = (
	parameters: Record<string, unknown>,
	processed: ProcessedStore | false = processedStore(),
	continueOnFail = false,
) =>
	runNode(new DebtorConsentInvite(), {
		credentials: { ...FAKE_AR24_CREDENTIALS },
		parameters: {
			operation: 'recordResponse',
			decision: 'accept',
			clientAddress: client,
			userAgent: 'Firefox',
			previousRecords: '[]',
			...parameters,
		},
		processed,
		continueOnFail,
	});

describe('Debtor Consent Invite → Record Response', () => {
	it('turns an accepted answer into an evidence record (token id, text hash, measured address) and the thank-you page', async () => {
		const { token, payload } = invite();
		const { out } = await record({ token });
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(out[0].json.consent).toMatchObject({
			kind: 'lre-consent',
			decision: 'accepted',
			email: 'marie@example.org',
			tokenId: payload.id,
		});
		expect(JSON.stringify(out[0].json.consent)).toContain('203.0.113.7');
		expect(String(out[0].json.html)).toMatch(/<html/i);
	});

	it('records "declined" for a refusal, and no address that a client could have typed in a header', async () => {
		const { out } = await record({
			token: invite().token,
			decision: 'Non',
			clientAddress: { ip: '1.2.3.4', ipSource: 'header' },
		});
		expect(out[0].json.consent).toMatchObject({ decision: 'declined' });
		expect(JSON.stringify(out[0].json.consent)).not.toContain('1.2.3.4');
	});

	it('once per invitation: a token answered before is refused, in the same n8n or in the Previous Records', async () => {
		const { token } = invite();
		const store = processedStore();
		const first = await record({ token }, store);
		expect((await failureOf(record({ token }, store))).message).toBe(
			'Item 0: "Token" was already answered: each invitation records one answer',
		);
		expect((await failureOf(record({ token, previousRecords: [first.out[0].json.consent] }))).message).toMatch(
			/"Token" was already answered/,
		);
	});

	it('refuses a forged token, a bad decision, and an n8n without its de-duplication store — item and field named', async () => {
		expect(await failureOf(record({ token: invite('other key').token }))).toMatchObject({
			message:
				'Item 0: "Token" was not signed with the credentials of this node (forged, altered, or signed with a credential not attached here)',
		});
		expect((await failureOf(record({ token: invite().token, decision: 'maybe' }))).message).toBe(
			'Item 0: "Decision" must be "accept" or "decline", not "maybe"',
		);
		expect((await failureOf(record({ token: invite().token }, false))).message).toBe(
			'Item 0: "Token" cannot be checked for reuse in this n8n',
		);
	});

	it('Continue On Fail keeps the refusal as an error item, paired', async () => {
		const { out } = await record({ token: 'garbage' }, processedStore(), true);
		expect(out).toEqual([
			expect.objectContaining({
				json: expect.objectContaining({ error: 'Item 0: "Token" is not a consent token' }),
				pairedItem: { item: 0 },
			}),
		]);
	});
});
