/**
 * An independent check of the Maileva sandbox against Maileva's own OpenAPI files (vendored unchanged in
 * test/fixtures/maileva-openapi/, see its README; MAILEVA_OPENAPI_DIR points elsewhere to check newer files).
 *
 * Requests are built from the files alone — each property's `example`, a required property without one gets the
 * first value of its `enum`, a list its example item, a binary part a small PDF, a query parameter its `default` —
 * never from our client code. Every answer must have a status the file declares for that operation, and its body must
 * be valid (Ajv, OpenAPI 3.0 `nullable`, formats such as date-time) against the schema the file declares for that
 * status; binary answers must be PDFs. Each API is one row of `APIS`: the operations in the order a client calls them,
 * and the file's operations the sandbox does not serve, each with why. A row whose sandbox module is not there yet is
 * `served: false` (skipped, and says so).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { MAILEVA_SANDBOX_LOGIN } from '../../sandbox/maileva/server';
import type { RunningSandbox } from '../../sandbox/server';
import { control, sandbox } from '../helpers/sandbox';
import { mailevaCredentials, mailevaToken, tinyPdf } from '../helpers/maileva';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- js-yaml ships no types; its one function is typed here
const { load } = require('js-yaml') as { load(text: string): unknown };

const DIR = process.env.MAILEVA_OPENAPI_DIR || join(__dirname, '../fixtures/maileva-openapi');

type Schema = Record<string, unknown> & {
	$ref?: string;
	type?: string;
	required?: string[];
	properties?: Record<string, Schema>;
	items?: Schema;
	enum?: unknown[];
	allOf?: Schema[];
	example?: unknown;
	default?: unknown;
	format?: string;
};
interface Operation {
	parameters?: Array<{ $ref?: string; name?: string; in?: string; schema?: Schema; example?: unknown }>;
	requestBody?: { content?: Record<string, { schema?: Schema }> };
	responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface Spec {
	paths: Record<string, Record<string, Operation>>;
	components: { schemas?: Record<string, Schema>; parameters?: Record<string, Operation['parameters'] & object> };
}

/** One call: `METHOD /path` as the file writes it, and what the test changes around it. */
interface Call {
	op: string;
	/** Why this call is here, when it is not obvious. */
	why?: string;
	/** Move the sandbox clock before the call ("3d"). */
	advance?: string;
	/** The status the sandbox must answer (default: the file's first 2xx for the operation). */
	status?: number;
	/** Properties removed from the body built from the file (to ask for an error the file declares). */
	omit?: string[];
	/** Properties set over the body built from the file (the sandbox's own login: the one thing no file can give). */
	set?: Record<string, unknown>;
	/** Send no token, or a forged one. */
	token?: 'none' | 'forged';
}

interface ApiRow {
	title: string;
	file: string;
	/** Where the API's paths start, under the sandbox's `/maileva`. */
	prefix: string;
	/** Whether the sandbox serves this API yet (false: the row is skipped, and says so). */
	served: boolean;
	/** false: calls go without the Bearer token (the token endpoint). */
	bearer?: boolean;
	calls: Array<string | Call>;
	/** Operations of the file left out, each with why. */
	notServed?: Record<string, string>;
	/**
	 * Where the file contradicts itself, the one schema rule relaxed before validating, each with the contradiction
	 * (path in `components.schemas`, keyword removed). Kept short and explicit: anything else must validate as written.
	 */
	errata?: Array<{ at: string; drop: string; why: string }>;
}

const RM = '/registered_mail/v4';
const APIS: ApiRow[] = [
	{
		title: 'registered_mail v4.9 (postal registered letter)',
		file: 'api-registered_mail-v4-9.yaml',
		prefix: RM,
		served: true,
		calls: [
			// A draft made and taken apart: every DELETE of the file, on a sending never submitted.
			'POST /sendings',
			'POST /sendings/{sending_id}/documents',
			'DELETE /sendings/{sending_id}/documents/{document_id}',
			'POST /sendings/{sending_id}/recipients',
			'DELETE /sendings/{sending_id}/recipients/{recipient_id}',
			'POST /sendings/{sending_id}/recipients',
			'DELETE /sendings/{sending_id}/recipients',
			'DELETE /sendings/{sending_id}',
			{ op: 'GET /sendings/{sending_id}', status: 404, why: 'a deleted sending is gone (error_response)' },
			// The letter, from draft to acknowledgement of receipt.
			'POST /sendings',
			'GET /sendings',
			'GET /sendings/{sending_id}',
			'PATCH /sendings/{sending_id}',
			'POST /sendings/{sending_id}/documents',
			'GET /sendings/{sending_id}/documents',
			'GET /sendings/{sending_id}/documents/{document_id}',
			'POST /sendings/{sending_id}/documents/{document_id}/set_priority',
			{
				op: 'POST /sendings/{sending_id}/recipients',
				omit: ['address_line_6'],
				status: 400,
				why: 'address_line_6 is required (errors_response)',
			},
			'POST /sendings/{sending_id}/recipients',
			'GET /sendings/{sending_id}/recipients',
			'GET /sendings/{sending_id}/recipients/{recipient_id}',
			'PATCH /sendings/{sending_id}/recipients/{recipient_id}',
			{
				op: 'POST /sendings/{sending_id}/recipients/imports',
				why: "the file's import example has no country_code: a 201 that lists it under rejected_import",
			},
			'POST /sendings/{sending_id}/submit',
			{ op: 'GET /sendings/{sending_id}', advance: '3d' },
			'GET /sendings/{sending_id}/recipients/{recipient_id}',
			'GET /sendings/{sending_id}/recipients/{recipient_id}/download_deposit_proof',
			'GET /sendings/{sending_id}/recipients/{recipient_id}/download_content_proof',
			'GET /sendings/{sending_id}/recipients/{recipient_id}/content_proof/download_embedded_document',
			'GET /sendings/{sending_id}/recipients/{recipient_id}/download_acknowledgement_of_receipt',
			{
				op: 'GET /sendings/{sending_id}/recipients/{recipient_id}/download_undelivered_mail',
				status: 404,
				why: "the file's example address is delivered: no undelivered mail (error_response)",
			},
			'GET /global_deposit_proofs',
			'GET /global_deposit_proofs/{global_deposit_proof_id}',
			'GET /global_deposit_proofs/{global_deposit_proof_id}/download',
			{ op: 'GET /sendings', token: 'forged', status: 401, why: 'a forged token (error_response)' },
			{ op: 'GET /sendings', token: 'none', status: 401, why: 'no token (error_response)' },
		],
		errata: [
			{
				at: 'accepted_import.properties.correlation_id',
				drop: 'maxLength',
				why: "32 in the answer, 36 in the request (recipient_creation_import); the file's own example is a 36-character UUID",
			},
			{
				at: 'accepted_import.properties.id',
				drop: 'maxLength',
				why: 'a recipient id, 32 here while every id example of the file is a 36-character UUID',
			},
			{
				at: 'rejected_import.properties.correlation_id',
				drop: 'maxLength',
				why: 'as accepted_import.correlation_id: the answer echoes the 36-character correlation_id of the request',
			},
		],
	},
	{
		title: 'authentication v2.1 (Keycloak token endpoint)',
		file: 'api-authentication-v2-1b.yaml',
		prefix: '/auth/realms/services/protocol/openid-connect',
		served: true,
		bearer: false,
		calls: [
			{ op: 'POST /token', status: 401, why: "the file's example login is not the sandbox's" },
			{
				op: 'POST /token',
				set: {
					client_id: MAILEVA_SANDBOX_LOGIN.clientId,
					client_secret: MAILEVA_SANDBOX_LOGIN.clientSecret,
					username: MAILEVA_SANDBOX_LOGIN.username,
					password: MAILEVA_SANDBOX_LOGIN.password,
				},
			},
			{
				op: 'POST /token',
				set: { grant_type: 'client_credentials' },
				status: 400,
				why: 'Maileva implements the password grant, not client credentials',
			},
		],
	},
	// The rows below are written from their files for the sandbox's other Maileva modules (notifications.ts,
	// electronic.ts). The electronic ones stay off: the sandbox serves only the operations LRE Send uses, which
	// maileva.electronic.openapi.test.ts checks against the same files; a row goes on when its module serves every
	// operation of its file (or lists why not in `notServed`).
	{
		title: 'notification_center v2.8 (webhook subscriptions)',
		file: 'api-notification_center-v2-8.yaml',
		prefix: '/notification_center/v2',
		served: false,
		calls: [
			'POST /subscriptions',
			'GET /subscriptions',
			'GET /subscriptions/{subscription_id}',
			'PATCH /subscriptions/{subscription_id}',
			'GET /notifications',
			'DELETE /subscriptions/{subscription_id}',
		],
		notServed: {
			'GET /notifications/{notification_id}': 'needs a notification sent first (the webhook suite checks them)',
			'GET /notifications/{notification_id}/content': 'idem',
			'POST /notifications/{notification_id}/retry': 'idem',
		},
	},
	{
		title: 'electronic_qualified_registered_mail v1.3 (qualified LRE)',
		file: 'api-electronic_qualified_registered_mail-v1-3.yaml',
		prefix: '/electronic_qualified_registered_mail/v1',
		served: false,
		calls: [
			'POST /sendings',
			'GET /sendings',
			'GET /sendings/{sending_id}',
			'POST /sendings/{sending_id}/documents',
			'GET /sendings/{sending_id}/documents',
			'POST /sendings/{sending_id}/recipients',
			'GET /sendings/{sending_id}/recipients',
			'GET /sendings/{sending_id}/recipients/{recipient_id}',
		],
	},
	{
		title: 'secured_electronic_mail v1.0 (simple ERE)',
		file: 'api-secured_electronic_mail-v1-0.yaml',
		prefix: '/secured_electronic_mail/v1',
		served: false,
		calls: [
			'POST /sendings',
			'GET /sendings',
			'GET /sendings/{sending_id}',
			'POST /sendings/{sending_id}/documents',
			'POST /sendings/{sending_id}/recipients',
			'GET /sendings/{sending_id}/recipients/{recipient_id}',
		],
	},
	{
		title: 'electronic_mail_emitter v1.48 (LRE/ERE senders, OTP)',
		file: 'api-electronic_mail_emitter-v1-48b.yaml',
		prefix: '/electronic_mail_emitter/v1',
		served: false,
		calls: ['GET /senders', 'POST /senders', 'GET /senders/{sender_id}'],
	},
];

function loadSpec(file: string): Spec {
	return load(readFileSync(join(DIR, file), 'utf8')) as Spec;
}

function resolve(spec: Spec, schema: Schema | undefined): Schema | undefined {
	if (!schema?.$ref) return schema;
	const [, kind, name] = /^#\/components\/(\w+)\/(.+)$/.exec(schema.$ref) ?? [];
	return resolve(spec, (spec.components as Record<string, Record<string, Schema>>)[kind]?.[name]);
}

/** A value built from the file alone (see the top of this file); undefined when the file gives none. */
function exampleOf(spec: Spec, given: Schema | undefined, required = true, depth = 0): unknown {
	if (!given || depth > 8) return undefined;
	if (given.example !== undefined) return given.example;
	const schema = resolve(spec, given) as Schema;
	if (schema.example !== undefined && schema.type !== 'object') return schema.example;
	if (schema.allOf) {
		const parts = schema.allOf.map((part) => exampleOf(spec, part, required, depth + 1));
		return Object.assign({}, ...parts.filter((p) => typeof p === 'object'));
	}
	if (schema.type === 'object' || schema.properties) {
		const body: Record<string, unknown> = {};
		for (const [name, property] of Object.entries(schema.properties ?? {})) {
			const value = exampleOf(spec, property, Boolean(schema.required?.includes(name)), depth + 1);
			if (value !== undefined && !(typeof value === 'object' && value !== null && !Object.keys(value).length))
				body[name] = value;
		}
		return body;
	}
	if (schema.type === 'array' && required) {
		const item = exampleOf(spec, schema.items, true, depth + 1);
		return item === undefined ? undefined : [item];
	}
	if (required && schema.enum) return schema.enum[0];
	if (required && schema.default !== undefined) return schema.default;
	return undefined;
}

/** `{sending_id}` ← the `id` of the answer to `POST …/sendings` (or the first item of `GET …/global_deposit_proofs`). */
function idName(collectionPath: string): string {
	const last = collectionPath.split('/').filter(Boolean).at(-1) ?? '';
	return `${last.replace(/s$/, '')}_id`;
}

interface Answer {
	status: number;
	type: string;
	bytes: Buffer;
}

describe.each(APIS)("Maileva sandbox against Maileva's OpenAPI file: $title", (row) => {
	const spec = loadSpec(row.file);
	const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
		Object.keys(item)
			.filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
			.map((method) => `${method.toUpperCase()} ${path}`),
	);

	it('lists every operation of the file: called, or left out with a reason', () => {
		const listed = new Set([
			...row.calls.map((call) => (typeof call === 'string' ? call : call.op)),
			...Object.keys(row.notServed ?? {}),
		]);
		const unknown = [...listed].filter((op) => !operations.includes(op));
		expect(unknown).toEqual([]);
		if (row.served) expect(operations.filter((op) => !listed.has(op))).toEqual([]);
	});

	(row.served ? describe : describe.skip)('served by the sandbox', () => {
		let sbx: RunningSandbox;
		let token: string;
		const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
		addFormats(ajv);
		for (const { at, drop } of row.errata ?? []) {
			const target = at
				.split('.')
				.reduce<Record<string, unknown> | undefined>(
					(node, key) => node?.[key] as Record<string, unknown> | undefined,
					spec.components.schemas,
				);
			if (!target || !(drop in target)) throw new Error(`errata ${at}.${drop}: not in the file (fixed? remove it)`);
			delete target[drop];
		}
		const specId = `https://openapi.maileva.test/${row.file}`;
		ajv.addSchema({ $id: specId, components: spec.components } as object);
		const validators = new Map<string, ValidateFunction>();
		const validate = (ref: string) => {
			if (!validators.has(ref)) validators.set(ref, ajv.compile({ $ref: `${specId}${ref}` }));
			return validators.get(ref) as ValidateFunction;
		};

		beforeAll(async () => {
			sbx = await sandbox();
			token = await mailevaToken(mailevaCredentials(sbx));
		});
		afterAll(async () => {
			await sbx?.close();
		});

		it('answers every call built from the file with a declared status and a schema-valid body', async () => {
			const ids: Record<string, string> = {};
			const checked: string[] = [];
			for (const given of row.calls) {
				const call: Call = typeof given === 'string' ? { op: given } : given;
				const [method, template] = call.op.split(' ');
				const operation = spec.paths[template][method.toLowerCase()];
				const where = `${call.op}${call.why ? ` (${call.why})` : ''}`;
				if (call.advance) await control(sbx.url(), 'POST', '/clock', { advance: call.advance });
				const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
					if (!ids[name]) throw new Error(`${where}: no ${name} from an earlier answer`);
					return ids[name];
				});
				const url = new URL(`${sbx.url()}/maileva${row.prefix}${path}`);
				for (const parameter of operation.parameters ?? []) {
					const p = (parameter.$ref ? resolve(spec, parameter as Schema) : parameter) as typeof parameter;
					const value = p.example ?? p.schema?.example ?? p.schema?.default;
					if (p.in === 'query' && value !== undefined && p.name) url.searchParams.set(p.name, String(value));
				}
				const headers: Record<string, string> = {};
				if (call.token !== 'none' && row.bearer !== false)
					headers.authorization = `Bearer ${call.token === 'forged' ? 'sbx.forged' : token}`;
				let body: string | FormData | undefined;
				const content = operation.requestBody?.content ?? {};
				const kind = Object.keys(content)[0];
				if (kind) {
					const built = exampleOf(spec, content[kind].schema) as Record<string, unknown>;
					for (const name of call.omit ?? []) delete built[name];
					Object.assign(built, call.set);
					if (kind === 'multipart/form-data') {
						const form = new FormData();
						for (const [name, property] of Object.entries(resolve(spec, content[kind].schema)?.properties ?? {})) {
							if (property.format === 'binary')
								form.append(name, new Blob([new Uint8Array(tinyPdf())], { type: 'application/pdf' }), 'lettre.pdf');
							else form.append(name, JSON.stringify(exampleOf(spec, property) ?? {}));
						}
						body = form;
					} else if (kind === 'application/x-www-form-urlencoded') {
						headers['content-type'] = kind;
						body = new URLSearchParams(built as Record<string, string>).toString();
					} else {
						headers['content-type'] = 'application/json';
						body = JSON.stringify(built);
					}
				}
				const response = await fetch(url, { method, headers, body });
				const answer: Answer = {
					status: response.status,
					type: String(response.headers.get('content-type')),
					bytes: Buffer.from(await response.arrayBuffer()),
				};
				const declared = Object.keys(operation.responses);
				const expected = call.status ?? Number(declared.find((code) => /^2/.test(code)));
				expect({ where, status: answer.status, body: answer.bytes.toString('utf8').slice(0, 300) }).toEqual({
					where,
					status: expected,
					body: expect.any(String),
				});
				expect({ where, declared }).toEqual({ where, declared: expect.arrayContaining([String(answer.status)]) });
				const declaredContent = operation.responses[String(answer.status)].content ?? {};
				const [mediaType, media] = Object.entries(declaredContent)[0] ?? [];
				const schema = media?.schema;
				if (!schema) {
					expect({ where, empty: answer.bytes.length }).toEqual({ where, empty: 0 });
				} else if (resolve(spec, schema)?.format === 'binary') {
					expect({ where, type: answer.type, magic: answer.bytes.subarray(0, 5).toString('latin1') }).toEqual({
						where,
						type: 'application/pdf',
						magic: '%PDF-',
					});
				} else {
					expect({ where, type: answer.type.split(';')[0] }).toEqual({ where, type: mediaType });
					const json = JSON.parse(answer.bytes.toString('utf8')) as Record<string, unknown>;
					const check = validate(schema.$ref ?? '');
					const valid = schema.$ref ? check(json) : true;
					expect({ where, errors: valid ? [] : check.errors }).toEqual({ where, errors: [] });
					const listName = template.split('/').filter(Boolean).at(-1) ?? '';
					if (method === 'POST' && answer.status === 201 && typeof json.id === 'string')
						ids[idName(template)] = json.id;
					const list = json[listName];
					if (method === 'GET' && Array.isArray(list) && typeof list[0]?.id === 'string')
						ids[idName(template)] ??= list[0].id as string;
				}
				checked.push(call.op);
			}
			expect(checked).toHaveLength(row.calls.length);
		});
	});
});
