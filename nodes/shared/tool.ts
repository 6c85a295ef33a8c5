/**
 * The nodes as AI agent tools. n8n 2.x builds the tool version of a `usableAsTool` node itself: the node type name
 * gets a `Tool` suffix (`n8n-nodes-lre.lreSendTool`), `@tool` display options show or hide properties in it, and
 * the agent's call runs the node's own `execute` with `this.getNode().type` ending in `Tool`.
 *
 * A tool offers the read operations only (get, list, check consent, compute penalties, generate a notice) unless
 * the user switches "Allow … When Used as a Tool" on in the node: an agent must not send billable, legally binding
 * letters, nor record consent or forget sent letters, on its own. The editor lists only the read operations while
 * the switch is off, and `refuseToolWrites` refuses the others at run time whatever the saved parameters say.
 */
import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeProperties,
	type INodePropertyOptions,
} from 'n8n-workflow';

/** The switch's internal name, the same in every node. */
const TOOL_WRITES_PARAMETER = 'allowWritesAsTool';

export interface ToolWrites {
	/** Display name of the switch, e.g. "Allow Sending When Used as a Tool". */
	switchName: string;
	/** What the gated operations do, for the notice and the error ("send billable, legally binding registered letters"). */
	what: string;
	/** The gated operations, by resource ('' for a node without resources). */
	operations: Record<string, readonly string[]>;
}

/** Whether this run is the node's AI tool version (n8n suffixes the node type name with `Tool`). */
function isToolRun(ctx: Pick<IExecuteFunctions, 'getNode'>): boolean {
	return ctx.getNode().type.endsWith('Tool');
}

/** The switch and its notice, shown in the tool version only. */
export function toolWritesProperties(writes: ToolWrites): INodeProperties[] {
	return [
		{
			displayName: writes.switchName,
			name: TOOL_WRITES_PARAMETER,
			type: 'boolean',
			noDataExpression: true,
			default: false,
			displayOptions: { show: { '@tool': [true] } },
			description: `Whether the AI agent may also ${writes.what}. Off = the tool offers the read operations only.`,
		},
		{
			displayName: `Off: the agent can only read. On: the agent may ${writes.what}, with the values it chooses — check the agent's instructions and limits first.`,
			name: 'toolWritesNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { '@tool': [true] } },
		},
	];
}

/**
 * The Operation property in three variants: the node itself (all operations), the tool with the switch off (read
 * operations only, default `readDefault`) and the tool with the switch on (all operations).
 */
export function operationProperties(
	base: Omit<INodeProperties, 'options' | 'default'> & { options: INodePropertyOptions[]; default: string },
	gated: readonly string[],
	readDefault: string,
): INodeProperties[] {
	const show = base.displayOptions?.show ?? {};
	const variant = (
		extra: NonNullable<INodeProperties['displayOptions']>['show'],
		options: INodePropertyOptions[],
		value: string,
	): INodeProperties => ({
		...base,
		options,
		default: value,
		displayOptions: { ...base.displayOptions, show: { ...show, ...extra } },
	});
	return [
		variant({ '@tool': [false] }, base.options, base.default),
		variant(
			{ '@tool': [true], [TOOL_WRITES_PARAMETER]: [false] },
			base.options.filter((option) => !gated.includes(String(option.value))),
			readDefault,
		),
		variant({ '@tool': [true], [TOOL_WRITES_PARAMETER]: [true] }, base.options, base.default),
	];
}

/** Throws before anything runs when the tool version is asked for a gated operation with the switch off. */
export function refuseToolWrites(ctx: IExecuteFunctions, writes: ToolWrites): void {
	if (!isToolRun(ctx)) return;
	const resource = Object.keys(writes.operations).some(Boolean) ? String(ctx.getNodeParameter('resource', 0, '')) : '';
	const operation = String(ctx.getNodeParameter('operation', 0, ''));
	if (!writes.operations[resource]?.includes(operation)) return;
	if (ctx.getNodeParameter(TOOL_WRITES_PARAMETER, 0, false) === true) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`The operation "${operation}" is off when this node is used as an AI tool: it would ${writes.what}`,
		{
			description: `Choose a read operation, or turn on "${writes.switchName}" in the node if the agent really must ${writes.what}.`,
		},
	);
}
