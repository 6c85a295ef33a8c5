/** The ECB Data Portal read through n8n's HTTP helper (opt-in option "ECB Rates Online"). */
import type { IExecuteFunctions } from 'n8n-workflow';
import type { EcbOnline } from '../../../lib/notice/generate';
import { todayInParis } from '../../../lib/time';

export function ecbOnline(ctx: IExecuteFunctions, baseUrl?: string): EcbOnline {
	return {
		baseUrl: baseUrl?.trim() || undefined,
		today: todayInParis(),
		get: async (url: string) => {
			const response = (await ctx.helpers.httpRequest({
				method: 'GET',
				url,
				headers: { Accept: 'text/csv' },
				encoding: 'arraybuffer',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: 15_000,
			})) as { body: unknown; statusCode: number };
			const body = Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.body as ArrayBuffer);
			if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}`);
			return body.toString('utf8');
		},
	};
}
