/** Debtor Consent Invite → Withdraw (nodes/DebtorConsentInvite/actions/withdraw.operation.ts). */
import { DebtorConsentInvite } from '../../../../../nodes/DebtorConsentInvite/DebtorConsentInvite.node';
import { FAKE_AR24_CREDENTIALS, failureOf, runNode } from '../../../../helpers/n8nContext';

const run = (parameters: Record<string, unknown>, items = 1, continueOnFail = false) =>
	runNode(new DebtorConsentInvite(), {
		credentials: { ...FAKE_AR24_CREDENTIALS },
		parameters: {
			operation: 'withdraw',
			debtorName: 'Marie Durand',
			reason: 'Asked by phone on 12 March',
			...parameters,
		},
		items: Array.from({ length: items }, () => ({ json: {} })),
		continueOnFail,
	});

describe('Debtor Consent Invite → Withdraw', () => {
	it('outputs a withdrawal record per item, paired, that Check then reads as "not allowed"', async () => {
		const { out } = await run({ debtorEmail: (i: number) => `p${i}@example.org` }, 2);
		expect(out.map((item) => [item.pairedItem, item.json.consent])).toEqual([
			[
				{ item: 0 },
				expect.objectContaining({
					kind: 'lre-consent',
					decision: 'withdrawn',
					email: 'p0@example.org',
					name: 'Marie Durand',
					reason: 'Asked by phone on 12 March',
				}),
			],
			[{ item: 1 }, expect.objectContaining({ decision: 'withdrawn', email: 'p1@example.org' })],
		]);
		const check = await runNode(new DebtorConsentInvite(), {
			credentials: { ...FAKE_AR24_CREDENTIALS },
			parameters: {
				operation: 'check',
				debtorEmail: 'p0@example.org',
				debtorType: 'individual',
				evidence: [out[0].json.consent],
			},
		});
		expect(check.out[0].json.allowed).toBe(false);
	});

	it('a bad email names the item and the field; Continue On Fail keeps the others', async () => {
		expect((await failureOf(run({ debtorEmail: '' }))).message).toMatch(/^Item 0: "Debtor Email"/);
		const { out } = await run({ debtorEmail: (i: number) => (i === 0 ? 'bad' : 'ok@example.org') }, 2, true);
		expect(out.map((item) => Boolean(item.json.error))).toEqual([true, false]);
	});
});
