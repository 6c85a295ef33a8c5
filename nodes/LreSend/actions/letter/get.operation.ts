import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { LetterProvider } from '../../../../lib/provider/types';
import { letterIdField } from '../../../shared/descriptions';
import { updateDisplayOptions } from '../../../shared/display';
import { inputError, requiredText } from '../../../shared/validate';
import type { RunState } from '../runState';

export const description = updateDisplayOptions({ show: { resource: ['letter'], operation: ['get'] } }, [
	letterIdField,
]);

export function readLetterId(this: IExecuteFunctions, itemIndex: number, provider: LetterProvider): string {
	const node = this.getNode();
	const id = requiredText(
		node,
		itemIndex,
		'Letter ID',
		this.getNodeParameter('letterId', itemIndex, ''),
		'Map the letterId of a letter sent with LRE Send.',
	);
	const wrong = provider.letterIdProblem(id);
	if (wrong) throw inputError(node, itemIndex, 'Letter ID', wrong.problem, wrong.fix);
	return id;
}

/** One letter, as its provider reports it now. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: RunState,
): Promise<INodeExecutionData[]> {
	const provider = run.provider(itemIndex);
	const mail = await provider.getLetter(readLetterId.call(this, itemIndex, provider));
	return [{ json: provider.normalize(mail) as unknown as IDataObject, pairedItem: { item: itemIndex } }];
}
