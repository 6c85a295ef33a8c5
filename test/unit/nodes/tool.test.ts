/**
 * The nodes as AI agent tools (nodes/shared/tool.ts): n8n names the tool version `<type>Tool`, shows `@tool`
 * properties in it and runs the node's own execute. Read operations only unless "Allow … When Used as a Tool" is on.
 */
import {
	NodeHelpers,
	type IExecuteFunctions,
	type INodeParameters,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { DebtorConsentInvite } from '../../../nodes/DebtorConsentInvite/DebtorConsentInvite.node';
import { DunningPlan } from '../../../nodes/DunningPlan/DunningPlan.node';
import { LreSend } from '../../../nodes/LreSend/LreSend.node';
import { NoticeGenerator } from '../../../nodes/NoticeGenerator/NoticeGenerator.node';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** n8n 2.41.1 as scripts/setup.sh installs it: its own tool conversion and NodeHelpers, when present. */
const N8N_MODULES = join(homedir(), '.cache/n8n-nodes-lre/n8n-2.41.1/app/node_modules');
const N8N_AI_TOOLS = join(N8N_MODULES, 'n8n/dist/tool-generation/ai-tools.js');

/** The description n8n's runtime gives the tool version (n8n/dist/tool-generation/ai-tools.js: name + 'Tool'). */
const asTool = (description: INodeTypeDescription): INodeTypeDescription => ({
	...description,
	name: `${description.name}Tool`,
});

/** The parameters as n8n resolves them (defaults, hidden ones dropped), then the options of the visible Operation. */
function editor(description: INodeTypeDescription, values: INodeParameters) {
	const node = { typeVersion: 1 };
	const parameters =
		NodeHelpers.getNodeParameters(description.properties, values, true, false, node, description) ?? {};
	const visible = description.properties.filter((property) =>
		NodeHelpers.displayParameter(parameters, property, node, description),
	);
	const operation = visible.filter((property) => property.name === 'operation');
	expect(operation).toHaveLength(1);
	return {
		parameters,
		operations: (operation[0].options ?? []).map((option) => ('value' in option ? option.value : '')),
		names: visible.map((property) => property.name),
	};
}

const REFUSAL = 'is off when this node is used as an AI tool';

/** Runs the node and returns the error it stopped on: the fake context stops every run that gets past the guard. */
async function stop(node: INodeType, ctx: IExecuteFunctions): Promise<string> {
	try {
		await node.execute!.call(ctx);
	} catch (error) {
		return (error as Error).message;
	}
	throw new Error('the node ran to the end');
}

/** A fake execute context: the node's type, its parameters; credentials or input must not be reached. */
function context(type: string, parameters: Record<string, unknown>): IExecuteFunctions {
	const unreachable = (what: string) => () => {
		throw new Error(`reached ${what}`);
	};
	return {
		getNode: () => ({ id: 'n1', name: 'Tool', type, typeVersion: 1, position: [0, 0], parameters: {} }),
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) =>
			name in parameters ? parameters[name] : fallback,
		getCredentials: unreachable('credentials'),
		getInputData: unreachable('the input'),
		continueOnFail: () => false,
		helpers: {},
	} as unknown as IExecuteFunctions;
}

const TOOL_WHAT: Record<string, string> = {
	lreSend: 'send billable, legally binding registered letters (or open an OTP session to sign them)',
	debtorConsentInvite:
		'create consent invitations and record or withdraw consents (the evidence that allows registered letters to individuals)',
	dunningPlan:
		"record letters as sent or forget sent letters in n8n's memory (the guard against sending a letter twice)",
};

const cases: Array<{ node: INodeType; resource?: string; reads: string[]; writes: string[] }> = [
	{ node: new LreSend(), resource: 'letter', reads: ['downloadProof', 'get', 'getMany'], writes: ['send'] },
	{ node: new LreSend(), resource: 'sender', reads: ['get'], writes: ['startOtpSession'] },
	{
		node: new DebtorConsentInvite(),
		reads: ['check', 'renderPage'],
		writes: ['createInvite', 'recordResponse', 'withdraw'],
	},
	{ node: new DunningPlan(), reads: ['plan'], writes: ['forget', 'record'] },
];

describe('tool versions offer read operations only unless sending is switched on', () => {
	for (const { node, resource, reads, writes } of cases) {
		const label = `${node.description.name}${resource ? ` (${resource})` : ''}`;
		const base = resource ? { resource } : {};

		it(`${label}: the node itself lists every operation and no tool switch`, () => {
			const view = editor(node.description, base);
			expect([...view.operations].sort()).toEqual([...reads, ...writes].sort());
			expect(view.names).not.toContain('allowWritesAsTool');
		});

		it(`${label}: the tool lists ${reads.join(', ')} by default, a read operation is the default`, () => {
			const view = editor(asTool(node.description), base);
			expect(view.operations).toEqual(reads);
			expect(view.parameters.allowWritesAsTool).toBe(false);
			expect(reads).toContain(view.parameters.operation);
			expect(view.names).toEqual(expect.arrayContaining(['allowWritesAsTool', 'toolWritesNotice']));
		});

		it(`${label}: with the switch on, the tool lists ${writes.join(', ')} too`, () => {
			const view = editor(asTool(node.description), { ...base, allowWritesAsTool: true });
			expect([...view.operations].sort()).toEqual([...reads, ...writes].sort());
		});

		for (const operation of writes) {
			it(`${label}: the tool refuses "${operation}" before reading credentials or input`, async () => {
				const ctx = context(`n8n-nodes-lre.${node.description.name}Tool`, {
					...base,
					operation,
					allowWritesAsTool: false,
				});
				expect(await stop(node, ctx)).toBe(
					`The operation "${operation}" ${REFUSAL}: it would ${TOOL_WHAT[node.description.name]}`,
				);
			});

			it(`${label}: "${operation}" goes on with the switch on, and in the node itself`, async () => {
				for (const ctx of [
					context(`n8n-nodes-lre.${node.description.name}Tool`, { ...base, operation, allowWritesAsTool: true }),
					context(`n8n-nodes-lre.${node.description.name}`, { ...base, operation }),
				]) {
					expect(await stop(node, ctx)).not.toContain(REFUSAL);
				}
			});
		}

		for (const operation of reads) {
			it(`${label}: the tool runs "${operation}"`, async () => {
				const ctx = context(`n8n-nodes-lre.${node.description.name}Tool`, { ...base, operation });
				expect(await stop(node, ctx)).not.toContain(REFUSAL);
			});
		}
	}

	it('the Notice Generator has no write operation, hence no switch', () => {
		const view = editor(asTool(new NoticeGenerator().description), {});
		expect([...view.operations].sort()).toEqual(['computePenalties', 'generate']);
		expect(view.names).not.toContain('allowWritesAsTool');
	});

	(existsSync(N8N_AI_TOOLS) ? it : it.skip)(
		"with n8n 2.41.1's own tool conversion and NodeHelpers, LRE Send's tool lists only read operations",
		() => {
			/* eslint-disable @typescript-eslint/no-require-imports */
			const { convertNodeToAiTool } = require(N8N_AI_TOOLS) as {
				convertNodeToAiTool: (item: { description: INodeTypeDescription }) => { description: INodeTypeDescription };
			};
			const helpers = (require(join(N8N_MODULES, 'n8n-workflow')) as { NodeHelpers: typeof NodeHelpers }).NodeHelpers;
			/* eslint-enable @typescript-eslint/no-require-imports */
			const tool = convertNodeToAiTool({
				description: JSON.parse(JSON.stringify(new LreSend().description)) as INodeTypeDescription,
			}).description;
			expect(tool.name).toBe('lreSendTool');
			const operations = (values: INodeParameters) => {
				const parameters =
					helpers.getNodeParameters(tool.properties, values, true, false, { typeVersion: 1 }, tool) ?? {};
				return tool.properties
					.filter((p) => p.name === 'operation' && helpers.displayParameter(parameters, p, { typeVersion: 1 }, tool))
					.flatMap((p) => (p.options ?? []).map((o) => ('value' in o ? o.value : '')));
			};
			expect(operations({ resource: 'letter' })).toEqual(['downloadProof', 'get', 'getMany']);
			expect(operations({ resource: 'letter', allowWritesAsTool: true })).toContain('send');
			expect(operations({ resource: 'sender' })).toEqual(['get']);
		},
	);
});
