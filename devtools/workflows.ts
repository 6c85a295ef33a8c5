/** Workflows built in code for the reliability tests and the benchmark (one place). */

/** A workflow sending `count` simple registered e-mails with references `<prefix>-001`…, four at a time. */
export function batchWorkflow(
	id: string,
	prefix: string,
	count: number,
	trigger: 'manual' | 'webhook' = 'manual',
): Record<string, unknown> {
	const code = `return Array.from({ length: ${count} }, (_, i) => ({ json: { reference: '${prefix}-' + String(i + 1).padStart(3, '0'), email: 'ap+accept@debtor' + (i + 1) + '.example' } }));`;
	return {
		id,
		name: `reliability: ${prefix}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			trigger === 'manual'
				? {
						id: `${id}-1`,
						name: 'Start',
						type: 'n8n-nodes-base.manualTrigger',
						typeVersion: 1,
						position: [0, 0],
						parameters: {},
					}
				: // Published: POST /webhook/batch-<prefix> runs it and answers when it is done.
					{
						id: `${id}-1`,
						name: 'Start',
						type: 'n8n-nodes-base.webhook',
						typeVersion: 2.1,
						position: [0, 0],
						webhookId: `${id}-hook`,
						parameters: {
							httpMethod: 'POST',
							path: `batch-${prefix.toLowerCase()}`,
							responseMode: 'lastNode',
							options: {},
						},
					},
			{
				id: `${id}-2`,
				name: 'Letters',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [200, 0],
				parameters: { jsCode: code },
			},
			{
				id: `${id}-3`,
				name: 'Send',
				type: 'n8n-nodes-lre.lreSend',
				typeVersion: 1,
				position: [400, 0],
				onError: 'continueRegularOutput',
				parameters: {
					resource: 'letter',
					operation: 'send',
					letterType: 'ere',
					reference: '={{ $json.reference }}',
					recipientEmail: '={{ $json.email }}',
					debtorType: 'professional',
					recipientCompany: 'Debtor SAS',
					content: '=Mise en demeure — dossier {{ $json.reference }}',
					attachmentProperties: '',
					options: { batchConcurrency: 4 },
				},
				credentials: { ar24Api: { id: 'ar24sandbox', name: 'AR24 sandbox' } },
			},
		],
		connections: {
			Start: { main: [[{ node: 'Letters', type: 'main', index: 0 }]] },
			Letters: { main: [[{ node: 'Send', type: 'main', index: 0 }]] },
		},
	};
}
