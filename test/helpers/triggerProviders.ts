/**
 * For the parameterised LRE Trigger suite (test/integration/lreTrigger.providers.test.ts): the trigger behind a real
 * HTTP port that reads the body the way n8n does for both providers (AR24 posts a form, Maileva posts JSON) and keeps
 * every request it received, so that a test can deliver the very same request again.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';
import { LreTrigger } from '../../nodes/LreTrigger/LreTrigger.node';
import type { triggerContext } from './n8nContext';

export interface ReceivedCall {
	query: Record<string, string>;
	body: Record<string, unknown>;
}

export interface ServedTrigger {
	url: string;
	/** What each call that started the workflow emitted. */
	executions: INodeExecutionData[][];
	/** Each call's answer, in order, with the request it answered. */
	answers: Array<{ status: number; body: unknown; request: ReceivedCall; started: boolean }>;
	close(): Promise<void>;
}

/** A form body (`application/x-www-form-urlencoded`) or a JSON one, as n8n's webhook server parses them. */
export function parseBody(contentType: string, raw: string): Record<string, unknown> {
	if (/application\/x-www-form-urlencoded/i.test(contentType)) return Object.fromEntries(new URLSearchParams(raw));
	try {
		const parsed = JSON.parse(raw || '{}') as unknown;
		return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
	} catch {
		return {};
	}
}

/**
 * The trigger served as n8n serves its webhook (responseMode onReceived: 200 unless the node answered itself):
 * each POST is one `webhook()` call on a fresh context made by `context`.
 */
export async function servedTrigger(
	context: (request: ReceivedCall) => IWebhookFunctions & ReturnType<typeof triggerContext>,
): Promise<ServedTrigger> {
	const executions: INodeExecutionData[][] = [];
	const answers: ServedTrigger['answers'] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			void (async () => {
				const url = new URL(req.url ?? '/', 'http://trigger.local');
				const request: ReceivedCall = {
					query: Object.fromEntries(url.searchParams),
					body: parseBody(String(req.headers['content-type'] ?? ''), Buffer.concat(chunks).toString('utf8')),
				};
				const ctx = context(request);
				try {
					const result = await new LreTrigger().webhook.call(ctx);
					if (result.workflowData) executions.push(result.workflowData[0]);
					const status = ctx.answered.status ?? 200;
					answers.push({ status, body: ctx.answered.body, request, started: result.workflowData !== undefined });
					res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(ctx.answered.body ?? {}));
				} catch (error) {
					answers.push({ status: 500, body: String(error), request, started: false });
					res.writeHead(500).end(String(error));
				}
			})();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		executions,
		answers,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** POSTs a request the trigger received once more, as the provider would deliver it again (same query, same body). */
export async function deliverAgain(url: string, request: ReceivedCall, form: boolean): Promise<number> {
	const target = new URL(url);
	for (const [name, value] of Object.entries(request.query)) target.searchParams.set(name, value);
	const response = await fetch(target, {
		method: 'POST',
		headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
		body: form ? new URLSearchParams(request.body as Record<string, string>).toString() : JSON.stringify(request.body),
	});
	await response.arrayBuffer();
	return response.status;
}
