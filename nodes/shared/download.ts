/**
 * Downloads a proof PDF from the URL AR24 put in the letter. These URLs carry their own per-file token (AR24
 * documents no signature for them, UNCONFIRMED), so the API credential is not sent along.
 */
import { NodeApiError, type JsonObject } from 'n8n-workflow';
import type { Ar24Context } from './transport';

export async function downloadPdf(this: Ar24Context, url: string, what: string, itemIndex?: number): Promise<Buffer> {
	let response: { body: unknown; statusCode: number };
	try {
		response = (await this.helpers.httpRequest({
			method: 'GET',
			url,
			encoding: 'arraybuffer',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: 120_000,
		})) as { body: unknown; statusCode: number };
	} catch (error) {
		throw new NodeApiError(this.getNode(), { download: what } as JsonObject, {
			message: `Could not download the ${what}`,
			description: `${(error as Error).message}. Try again later.`,
			itemIndex,
		});
	}
	const body = Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.body as ArrayBuffer);
	if (response.statusCode !== 200 || body.subarray(0, 5).toString('latin1') !== '%PDF-') {
		throw new NodeApiError(this.getNode(), { download: what, status: response.statusCode } as JsonObject, {
			message: `AR24 did not return the ${what} as a PDF (HTTP ${response.statusCode})`,
			description: 'The proof may not be available yet; try again later.',
			httpCode: String(response.statusCode),
			itemIndex,
		});
	}
	return body;
}
