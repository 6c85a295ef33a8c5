import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { routeOperation, type Operations } from '../shared/router';
import * as computePenalties from './actions/computePenalties.operation';
import * as generate from './actions/generate.operation';

const operations = { computePenalties, generate } satisfies Operations<'computePenalties' | 'generate'>;

export class NoticeGenerator implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Notice Generator',
		name: 'noticeGenerator',
		icon: { light: 'file:notice.svg', dark: 'file:notice.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ $parameter["operation"] === "generate" ? { firstReminder: "first reminder", secondReminder: "second reminder", formalNotice: "formal notice (mise en demeure)" }[$parameter["documentType"]] : "compute penalties" }}',
		description:
			'Write payment reminders and formal notices (mise en demeure) as checked PDFs with statutory late-payment penalties',
		defaults: { name: 'Notice Generator' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Compute Penalties',
						value: 'computePenalties',
						description: 'Late-payment interest and €40 indemnities only, no letter',
						action: 'Compute late payment penalties',
					},
					{
						name: 'Generate Notice',
						value: 'generate',
						description: 'A reminder or formal notice as a PDF, with amounts, check, SHA-256 and archive name',
						action: 'Generate a notice',
					},
				],
				default: 'generate',
			},
			...generate.description,
			...computePenalties.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperation.call(this, operations);
	}
}
