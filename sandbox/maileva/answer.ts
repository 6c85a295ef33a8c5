/** What every Maileva module of the sandbox answers with: a JSON body, and the error a route throws (status, code). */
import type { ServerResponse } from 'node:http';
import { reply } from '../http';

/** A refusal: its HTTP status and Maileva's error code; each API shapes the body its own OpenAPI file declares. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
	) {
		super(message);
	}
}

export const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
	reply(res, status, JSON.stringify(body), 'application/json; charset=utf-8', headers);
