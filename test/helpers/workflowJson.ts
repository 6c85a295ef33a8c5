/** Small workflows as n8n imports them, for the e2e suites that build theirs in code: nodes in a row, each to the next. */

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: number[];
	parameters: Record<string, unknown>;
	[key: string]: unknown;
}

/** A node builder whose ids are `idPrefix` + the node's number (one prefix per suite, so ids never collide). */
export function nodeMaker(idPrefix: string) {
	return (
		id: number,
		name: string,
		type: string,
		parameters: Record<string, unknown>,
		extra: Record<string, unknown> = {},
	): WorkflowNode => ({
		id: `${idPrefix}${id}`,
		name,
		type,
		typeVersion: type.endsWith('code') ? 2 : 1,
		position: [id * 220, 0],
		parameters,
		...extra,
	});
}

/** The nodes connected in order (main output 0 → the next node's input). */
export function chain(id: string, name: string, nodes: WorkflowNode[]) {
	const connections = Object.fromEntries(
		nodes.slice(0, -1).map((n, i) => [n.name, { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] }]),
	);
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' }, active: false, pinData: {} };
}
