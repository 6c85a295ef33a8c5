/** The Notice Generator node itself (nodes/NoticeGenerator/NoticeGenerator.node.ts): routing and its subtitle. */
import { NoticeGenerator } from '../../../../nodes/NoticeGenerator/NoticeGenerator.node';
import { failureOf, runNode } from '../../../helpers/n8nContext';

describe('Notice Generator node', () => {
	it('routes to the chosen operation, once per item', async () => {
		const invoices = [{ number: 'F-1', issueDate: '2025-12-01', dueDate: '2025-12-31', amount: 100 }];
		const { out } = await runNode(new NoticeGenerator(), {
			credentials: {},
			parameters: {
				operation: 'computePenalties',
				debtorType: 'professional',
				invoices,
				asOf: '2026-02-20',
				options: {},
			},
			items: [{ json: {} }, { json: {} }, { json: {} }],
		});
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out.every((item) => item.json.totalIndemnity === 40)).toBe(true);
	});

	it('an unknown operation is refused by name', async () => {
		expect(
			(await failureOf(runNode(new NoticeGenerator(), { credentials: {}, parameters: { operation: 'print' } })))
				.message,
		).toBe('The operation "print" is not supported');
	});

	it('names the document in the subtitle', () => {
		const { subtitle } = new NoticeGenerator().description;
		expect(subtitle).toContain('formalNotice: "formal notice (mise en demeure)"');
		expect(subtitle).toContain('"compute penalties"');
	});
});
