/** The Debtor Consent Invite node itself (nodes/DebtorConsentInvite/DebtorConsentInvite.node.ts): routing and its AI tool limits. */
import { DebtorConsentInvite } from '../../../../nodes/DebtorConsentInvite/DebtorConsentInvite.node';
import { FAKE_AR24_CREDENTIALS, failureOf, runNode } from '../../../helpers/n8nContext';

const withdraw = { operation: 'withdraw', debtorEmail: 'marie@example.org', debtorName: 'Marie', reason: '' };
const asTool = { type: 'n8n-nodes-lre.debtorConsentInviteTool' };
const run = (parameters: Record<string, unknown>, node = {}) =>
	runNode(new DebtorConsentInvite(), { credentials: { ...FAKE_AR24_CREDENTIALS }, parameters, node });

describe('Debtor Consent Invite node', () => {
	it('runs the chosen operation once per item', async () => {
		const { out } = await runNode(new DebtorConsentInvite(), {
			credentials: { ...FAKE_AR24_CREDENTIALS },
			parameters: withdraw,
			items: [{ json: {} }, { json: {} }],
		});
		expect(out.map((item) => [item.pairedItem, (item.json.consent as { decision: string }).decision])).toEqual([
			[{ item: 0 }, 'withdrawn'],
			[{ item: 1 }, 'withdrawn'],
		]);
	});

	it('an unknown operation is refused by name', async () => {
		expect((await failureOf(run({ operation: 'erase' }))).message).toBe('The operation "erase" is not supported');
	});

	it('as an AI tool, changing consent evidence is off unless the switch is on; Check stays available', async () => {
		const error = await failureOf(run(withdraw, asTool));
		expect(error.message).toMatch(/^The operation "withdraw" is off when this node is used as an AI tool/);
		expect(error.description).toContain('Allow Consent Changes When Used as a Tool');
		expect((await run({ ...withdraw, allowWritesAsTool: true }, asTool)).out).toHaveLength(1);
		expect(
			(
				await run(
					{ operation: 'check', debtorEmail: 'marie@example.org', debtorType: 'professional', evidence: [] },
					asTool,
				)
			).out[0].json.allowed,
		).toBe(true);
	});
});
