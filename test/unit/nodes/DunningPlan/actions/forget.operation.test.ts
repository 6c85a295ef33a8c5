/** Dunning Plan → Forget (nodes/DunningPlan/actions/forget.operation.ts): n8n's memory of sent letters. */
import type { IDataObject } from 'n8n-workflow';
import { DunningPlan } from '../../../../../nodes/DunningPlan/DunningPlan.node';
import { dunningContext } from '../../../../helpers/dunningContext';
import { canonicalId } from '../../../../../lib/dunning/reference';

const remembers = (memory: Set<string>, reference: string) =>
	[...memory].some((key) => key.startsWith(canonicalId(reference)));

const planItem = (reference: string): IDataObject => ({
	asOf: '2026-05-10',
	debtorId: reference.split('-')[1],
	step: 'firstReminder',
	channel: 'email',
	reference,
	email: 'a@b.example',
});

async function remembered(references: string[]): Promise<Set<string>> {
	const memory = new Set<string>();
	for (const reference of references) {
		const context = dunningContext({
			inputs: [[{ json: { messageId: '<1@x>', accepted: ['a@b.example'] } }]],
			parameters: { operation: 'record', recordFrom: 'result', planItem: planItem(reference) },
			memory,
		});
		await new DunningPlan().execute.call(context);
	}
	return memory;
}
const forget = (parameters: IDataObject, memory: Set<string>) =>
	new DunningPlan().execute.call(
		dunningContext({
			inputs: [[{ json: {} }, { json: {} }]],
			parameters: { operation: 'forget', ...parameters },
			memory,
		}),
	);

describe('Dunning Plan → Forget', () => {
	it('forgets the given references only, once for the whole batch', async () => {
		const memory = await remembered(['R1-D01-00000001', 'R1-D02-00000002']);
		expect([remembers(memory, 'R1-D01-00000001'), remembers(memory, 'R1-D02-00000002')]).toEqual([true, true]);
		const [out] = await forget({ references: ' R1-D01-00000001 ' }, memory);
		expect(out).toEqual([{ json: { forgotten: 1, references: ['R1-D01-00000001'] }, pairedItem: { item: 0 } }]);
		expect([remembers(memory, 'R1-D01-00000001'), remembers(memory, 'R1-D02-00000002')]).toEqual([false, true]);
	});

	it('forgets everything only with the confirmation', async () => {
		const memory = await remembered(['R1-D01-00000001', 'R1-D02-00000002']);
		const size = memory.size;
		await expect(forget({ references: '' }, memory)).rejects.toThrow(
			'"References" is empty and "Forget All Letters of This Workflow" is off: nothing forgotten',
		);
		expect(memory.size).toBe(size);
		const [out] = await forget({ references: '', confirmAll: true }, memory);
		expect(out[0].json.forgotten).toBe('all');
		expect(memory.size).toBe(0);
	});
});
