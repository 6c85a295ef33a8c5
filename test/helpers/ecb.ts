/**
 * A loopback server speaking the ECB Data Portal API format for the MRO series
 * (`GET /service/data/FM/B.U2.EUR.4F.KR.MRR_FR.LEV?format=csvdata&detail=dataonly&endPeriod=…&lastNObservations=1`):
 * a CSV with the portal's column names, the observations being the days a rate took effect (ECB decisions).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const SERIES_PATH = '/service/data/FM/B.U2.EUR.4F.KR.MRR_FR.LEV';

/** MRO changes (effective day → percent), public ECB decisions 2023–2025, plus what a test adds. */
export const MRO_CHANGES: Record<string, number> = {
	'2023-09-20': 4.5,
	'2024-06-12': 4.25,
	'2024-09-18': 3.65,
	'2024-10-23': 3.4,
	'2024-12-18': 3.15,
	'2025-02-05': 2.9,
	'2025-03-12': 2.65,
	'2025-04-23': 2.4,
	'2025-06-11': 2.15,
};

export interface EcbServer {
	/** Base URL of the series, as the ECB Data Portal URL option takes it. */
	url: string;
	requests: string[];
	changes: Record<string, number>;
	/** Status to answer (200 = the CSV). */
	status: number;
	close(): Promise<void>;
}

const HEADER = 'KEY,FREQ,REF_AREA,CURRENCY,PROVIDER_FM,INSTRUMENT_FM,PROVIDER_FM_ID,DATA_TYPE_FM,TIME_PERIOD,OBS_VALUE';

export async function ecbServer(extra: Record<string, number> = {}): Promise<EcbServer> {
	const state = { requests: [] as string[], changes: { ...MRO_CHANGES, ...extra }, status: 200 };
	const server: Server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		state.requests.push(`${url.pathname}${url.search}`);
		if (state.status !== 200) return void res.writeHead(state.status).end('unavailable');
		if (url.pathname !== SERIES_PATH || url.searchParams.get('format') !== 'csvdata')
			return void res.writeHead(404).end('No results found.');
		const end = url.searchParams.get('endPeriod') ?? '9999-12-31';
		const last = Number(url.searchParams.get('lastNObservations') ?? 0);
		let rows = Object.entries(state.changes)
			.filter(([day]) => day <= end)
			.sort(([a], [b]) => a.localeCompare(b));
		if (last > 0) rows = rows.slice(-last);
		if (!rows.length) return void res.writeHead(404).end('No results found.');
		const body = [
			HEADER,
			...rows.map(([day, value]) => `FM.B.U2.EUR.4F.KR.MRR_FR.LEV,B,U2,EUR,4F,KR,MRR_FR,LEV,${day},${value}`),
		].join('\n');
		res.writeHead(200, { 'content-type': 'text/csv' }).end(`${body}\n`);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}${SERIES_PATH}`,
		get requests() {
			return state.requests;
		},
		get changes() {
			return state.changes;
		},
		get status() {
			return state.status;
		},
		set status(value: number) {
			state.status = value;
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

/** A GET for the engine (the node uses n8n's HTTP helper instead). */
export async function httpGet(url: string): Promise<string> {
	const response = await fetch(url);
	if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
	return await response.text();
}
