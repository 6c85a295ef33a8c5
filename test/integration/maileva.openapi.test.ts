/**
 * An independent check of the Maileva sandbox against Maileva's own OpenAPI files (vendored unchanged in
 * test/fixtures/maileva-openapi/, see its README; MAILEVA_OPENAPI_DIR points elsewhere to check newer files).
 *
 * Requests are built from the files alone — each property's `example`, a required property without one gets the
 * first value of its `enum`, a list its example item, a binary part a small PDF, a query parameter its `default` —
 * never from our client code. Every answer must have a status the file declares for that operation, and its body must
 * be valid (Ajv, OpenAPI 3.0 `nullable`, formats such as date-time) against the schema the file declares for that
 * status; file answers (`format: binary`, or a non-JSON media type such as the electronic files' `application/pdf`)
 * must be PDFs; a 204 must be empty (HTTP gives it no body, whatever a file declares under it). Each API is one row of
 * `APIS`: the operations in the order a client calls them, and the file's operations the sandbox does not serve, each
 * with why; a served row must list every operation of its file in one or the other. All six rows are served:
 * registered_mail, the token endpoint, notification_center, and the qualified LRE, ERE and sender (emitter) APIs.
 * What a call needs beyond its file is written on the call, with why: the sandbox's own login and sender, a loopback
 * callback URL, a current OTP code, a letter or an OTP session made through another API first (`before`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { MAILEVA_SANDBOX_SENDER } from '../../sandbox/maileva/electronic';
import { MAILEVA_SANDBOX_LOGIN } from '../../sandbox/maileva/server';
import type { RunningSandbox } from '../../sandbox/server';
import { control, sandbox } from '../helpers/sandbox';
import { maileva, mailevaCredentials, mailevaOtp, mailevaToken, tinyPdf } from '../helpers/maileva';
import { postLetter } from '../helpers/mailevaTrigger';

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
	/** Move the sandbox clock before the call ("3d"), after `before`. */
	advance?: string;
	/** The status the sandbox must answer (default: the file's first 2xx for the operation). */
	status?: number;
	/** Properties removed from the body built from the file (to ask for an error the file declares). */
	omit?: string[];
	/**
	 * Properties set over the body built from the file: what no file can give (the sandbox's login and sender, a
	 * loopback callback URL), or a change the file itself asks for (each with why).
	 */
	set?: Record<string, unknown>;
	/** Send no token, or a forged one. */
	token?: 'none' | 'forged';
	/** Query parameters set over the file's examples, computed at the call (a current OTP code). */
	query?: Record<string, (sbx: RunningSandbox) => string>;
	/** The body's content type, where the file's description contradicts its requestBody (the contradiction in `why`). */
	send?: 'multipart/form-data';
	/** What the call needs done first through another API of the sandbox (a letter to notify, an OTP session). */
	before?: (sbx: RunningSandbox, token: string) => Promise<void>;
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
/** The electronic letters (LRE and ERE) after their submit: three days on, read back, both proofs, a forged token. */
const AFTER_SUBMIT: Array<string | Call> = [
	{ op: 'GET /sendings/{sending_id}', advance: '3d' },
	'GET /sendings/{sending_id}/recipients/{recipient_id}',
	'GET /sendings/{sending_id}/recipients/{recipient_id}/download_deposit_proof',
	{
		op: 'GET /sendings/{sending_id}/recipients/{recipient_id}/download_delivery_proof',
		why: "the file's example recipient accepts (the sandbox's default outcome): an acknowledgement of receipt",
	},
	{ op: 'GET /sendings', token: 'forged', status: 401, why: 'a forged token' },
];

/** A loopback port nothing listens on: the sandbox really POSTs notifications to callback URLs. */
const LOOPBACK_CALLBACK = 'http://127.0.0.1:9/cb';
/** The file's `authentication` example holds basic and oauth2; the sandbox simulates basic only. */
const BASIC = { basic: { login: 'callback-user', password: 'callback-password' } };

/** A postal letter (registered_mail/v4) submitted, for notification_center to notify its events. */
async function submitPostalLetter(sbx: RunningSandbox, token: string): Promise<void> {
	await postLetter(sbx, token, 'OPENAPI-NOTIFY');
}

/** An OTP session for the sandbox's sender (electronic_mail_emitter), which a qualified LRE's submit needs. */
async function authenticateSender(sbx: RunningSandbox, token: string): Promise<void> {
	const path = `/electronic_mail_emitter/v1/senders/${MAILEVA_SANDBOX_SENDER.id}/authenticate_by_otp`;
	const answer = await maileva(sbx, token, 'POST', `${path}?otp_code=${mailevaOtp(sbx)}`);
	if (answer.status !== 200) throw new Error(`authenticate_by_otp: ${answer.status}`);
}

/**
 * The qualified LRE file's document upload: its requestBody says `application/json` with `document` (binary) and
 * `name`, its own description "Le document doit être transmis en multipart ainsi que la metadata. La metadata est
 * constituée de name". Sent as the description says (the ERE file's multipart `document` + `metadata` {name}).
 */
const LRE_DOCUMENT: Partial<Call> = {
	send: 'multipart/form-data',
	omit: ['name'],
	set: { metadata: { name: 'lettre.pdf' } },
	why: 'the file contradicts itself: requestBody application/json {document, name}, description multipart document + metadata {name}',
};
/** The ERE file's example metadata carries an `hcode` that is not the MD5 of the PDF the test sends. */
const ERE_DOCUMENT: Partial<Call> = {
	set: { metadata: { name: 'template_facture_standard' } },
	why: "without the example's hcode (the MD5 of another document)",
};

/** The ERE file's description: "Si le destinataire est un professionnel, le nom de la société est obligatoire". */
const ERE_RECIPIENT: Partial<Call> = {
	set: { company: 'SARL Martin' },
	why: 'a company: the example recipient is PROFESSIONAL (the first legal_status) and has none',
};

/** The qualified LRE file's step-by-step address imports: for mass mailings, which LRE Send never makes. */
const ADDRESSES_IMPORTS: Record<string, string> = Object.fromEntries(
	[
		'POST /addresses_imports',
		'GET /addresses_imports',
		'GET /addresses_imports/{addresses_import_id}',
		'DELETE /addresses_imports/{addresses_import_id}',
		'GET /addresses_imports/{addresses_import_id}/recipients',
		'DELETE /addresses_imports/{addresses_import_id}/recipients',
		'GET /addresses_imports/{addresses_import_id}/recipients/{recipient_id}',
		'PATCH /addresses_imports/{addresses_import_id}/recipients/{recipient_id}',
		'DELETE /addresses_imports/{addresses_import_id}/recipients/{recipient_id}',
	].map((op) => [op, 'LRE Send never calls it: address imports are for mass mailings']),
);
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
	// The rows below check the sandbox's other Maileva modules (notifications.ts, electronic.ts) against their files:
	// every operation the sandbox serves is called, in a client's order; the others are in `notServed`, each with why.
	// maileva.electronic.openapi.test.ts checks the electronic answers LRE Send reads more closely (max lengths,
	// patterns, no property outside the schema).
	{
		title: 'notification_center v2.8 (webhook subscriptions)',
		file: 'api-notification_center-v2-8.yaml',
		prefix: '/notification_center/v2',
		served: true,
		calls: [
			{
				op: 'POST /subscriptions',
				omit: ['event_type'],
				set: { callback_url: LOOPBACK_CALLBACK },
				status: 400,
				why: 'event_type is required (errors_response)',
			},
			{
				op: 'POST /subscriptions',
				set: { resource_type: 'registered_mail/v4/sendings', callback_url: LOOPBACK_CALLBACK, authentication: BASIC },
				why: "a postal letter's ON_STATUS_ACCEPTED (the file's example event), to a loopback port nothing listens on: the sandbox really POSTs to callback URLs; basic auth only, the sandbox does not simulate OAuth2 callbacks",
			},
			'GET /subscriptions',
			'GET /subscriptions/{subscription_id}',
			{
				op: 'PATCH /subscriptions/{subscription_id}',
				set: { callback_url: `${LOOPBACK_CALLBACK}2`, authentication: BASIC },
				why: 'a loopback callback, basic auth, as for the POST',
			},
			{
				op: 'GET /notifications',
				before: submitPostalLetter,
				advance: '2m',
				why: 'a postal letter submitted, accepted a minute later: one notification, its callback refused (PENDING)',
			},
			'GET /notifications/{notification_id}',
			'GET /notifications/{notification_id}/content',
			'POST /notifications/{notification_id}/retry',
			'DELETE /subscriptions/{subscription_id}',
			{
				op: 'GET /subscriptions/{subscription_id}',
				status: 404,
				why: 'a deleted subscription is gone (error_response)',
			},
			{ op: 'GET /subscriptions', token: 'forged', status: 401, why: 'a forged token (error_response)' },
		],
	},
	{
		title: 'electronic_qualified_registered_mail v1.3 (qualified LRE)',
		file: 'api-electronic_qualified_registered_mail-v1-3.yaml',
		prefix: '/electronic_qualified_registered_mail/v1',
		served: true,
		calls: [
			// A draft made and taken apart: every PATCH and DELETE of the file, on a sending never submitted.
			{ op: 'POST /sendings', set: { sender_id: MAILEVA_SANDBOX_SENDER.id }, why: "the sandbox's sender" },
			'PATCH /sendings/{sending_id}',
			{ op: 'POST /sendings/{sending_id}/documents', ...LRE_DOCUMENT },
			'GET /sendings/{sending_id}/documents/{document_id}',
			'DELETE /sendings/{sending_id}/documents/{document_id}',
			'POST /sendings/{sending_id}/recipients',
			'PATCH /sendings/{sending_id}/recipients/{recipient_id}',
			'DELETE /sendings/{sending_id}/recipients/{recipient_id}',
			'POST /sendings/{sending_id}/recipients',
			'DELETE /sendings/{sending_id}/recipients',
			'DELETE /sendings/{sending_id}',
			{ op: 'GET /sendings/{sending_id}', status: 404, why: 'a deleted sending is gone (ErrorsDto)' },
			// The letter, from draft to proof of receipt.
			{ op: 'POST /sendings', set: { sender_id: MAILEVA_SANDBOX_SENDER.id }, why: "the sandbox's sender" },
			'GET /sendings',
			'GET /sendings/{sending_id}',
			{ op: 'POST /sendings/{sending_id}/documents', ...LRE_DOCUMENT },
			'GET /sendings/{sending_id}/documents',
			{
				op: 'POST /sendings/{sending_id}/recipients',
				omit: ['email'],
				status: 400,
				why: 'email is required (ErrorsDto)',
			},
			'POST /sendings/{sending_id}/recipients',
			'GET /sendings/{sending_id}/recipients',
			'GET /sendings/{sending_id}/recipients/{recipient_id}',
			{
				op: 'GET /sendings/{sending_id}/recipients/{recipient_id}/download_deposit_proof',
				status: 404,
				why: 'a draft has no deposit proof yet (ErrorsDto)',
			},
			{
				op: 'POST /sendings/{sending_id}/submit',
				status: 400,
				why: 'the sender has no OTP session (the sandbox rule of electronic.ts, ErrorsDto)',
			},
			{
				op: 'POST /sendings/{sending_id}/submit',
				before: authenticateSender,
				why: 'after authenticate_by_otp (electronic_mail_emitter) with the current code',
			},
			...AFTER_SUBMIT,
		],
		notServed: {
			'POST /sendings/{sending_id}/recipients/imports':
				'LRE Send sends one letter per recipient; a bulk import is for mass mailings',
			...ADDRESSES_IMPORTS,
		},
	},
	{
		title: 'secured_electronic_mail v1.0 (simple ERE)',
		file: 'api-secured_electronic_mail-v1-0.yaml',
		prefix: '/secured_electronic_mail/v1',
		served: true,
		calls: [
			// A draft made and taken apart.
			{ op: 'POST /sendings', set: { sender_id: MAILEVA_SANDBOX_SENDER.id }, why: "the sandbox's sender" },
			'PATCH /sendings/{sending_id}',
			{ op: 'POST /sendings/{sending_id}/documents', ...ERE_DOCUMENT },
			'GET /sendings/{sending_id}/documents/{document_id}',
			'DELETE /sendings/{sending_id}/documents/{document_id}',
			{ op: 'POST /sendings/{sending_id}/recipients', ...ERE_RECIPIENT },
			'PATCH /sendings/{sending_id}/recipients/{recipient_id}',
			'DELETE /sendings/{sending_id}/recipients/{recipient_id}',
			{ op: 'POST /sendings/{sending_id}/recipients', ...ERE_RECIPIENT },
			'DELETE /sendings/{sending_id}/recipients',
			'DELETE /sendings/{sending_id}',
			{ op: 'GET /sendings/{sending_id}', status: 404, why: 'a deleted sending is gone (ErrorsDto)' },
			// The letter, from draft to proof of receipt.
			{ op: 'POST /sendings', set: { sender_id: MAILEVA_SANDBOX_SENDER.id }, why: "the sandbox's sender" },
			'GET /sendings',
			'GET /sendings/{sending_id}',
			{
				op: 'POST /sendings/{sending_id}/documents',
				set: { metadata: { name: 'template_facture_standard', hcode: 'c628e5f1d622d72a9d4557888c14bcb9' } },
				status: 400,
				why: "the file's example hcode is not the MD5 of the PDF sent: the sandbox checks it, as the file says (ErrorsDto)",
			},
			{ op: 'POST /sendings/{sending_id}/documents', ...ERE_DOCUMENT },
			'GET /sendings/{sending_id}/documents',
			{
				op: 'POST /sendings/{sending_id}/recipients',
				status: 400,
				why: 'the example recipient is PROFESSIONAL without a company, which the description requires (ErrorsDto)',
			},
			{ op: 'POST /sendings/{sending_id}/recipients', ...ERE_RECIPIENT },
			'GET /sendings/{sending_id}/recipients',
			'GET /sendings/{sending_id}/recipients/{recipient_id}',
			'POST /sendings/{sending_id}/submit',
			...AFTER_SUBMIT,
		],
		notServed: {
			'POST /sendings/{sending_id}/recipients/imports':
				'LRE Send sends one letter per recipient; a bulk import is for mass mailings',
			'GET /sendings/{sending_id}/documents/{document_id}/download':
				'the sandbox keeps no document bytes (their size and MD5 only); LRE Send never reads a document back',
			'GET /sendings/{sending_id}/recipients/{recipient_id}/download_package':
				'a ZIP of every document and proof: LRE Send downloads the proofs one by one',
		},
	},
	{
		title: 'electronic_mail_emitter v1.48 (LRE/ERE senders, OTP)',
		file: 'api-electronic_mail_emitter-v1-48b.yaml',
		prefix: '/electronic_mail_emitter/v1',
		served: true,
		calls: [
			'GET /senders',
			'GET /senders/{sender_id}',
			{
				op: 'POST /senders/{sender_id}/authenticate_by_otp',
				status: 400,
				why: "the file's example code 123456 is not the sender's current one (ErrorsDto)",
			},
			{
				op: 'POST /senders/{sender_id}/authenticate_by_otp',
				query: { otp_code: (sbx) => mailevaOtp(sbx) },
				why: "the current code of the sandbox sender's OTP key",
			},
			{ op: 'GET /senders', token: 'forged', status: 401, why: 'a forged token' },
		],
		notServed: {
			'POST /senders':
				"LRE Send uses the credential's Sender ID: senders are created, validated (an e-mail link) and given their OTP key in Maileva's portal",
			'PATCH /senders/{sender_id}': 'idem: a sender is managed in the portal, never by LRE Send',
			'POST /senders/{sender_id}/change_owner': 'idem (an account administration call)',
			'POST /senders/{sender_id}/grant_access': 'idem (links an existing AR24 sender account)',
			'POST /senders/{sender_id}/verify_identity': 'idem (orders the postal letter that carries the OTP key)',
			'POST /senders/{sender_id}/revoke_identity': 'idem (revokes that letter)',
			'POST /senders/{sender_id}/authenticate_by_certificate':
				"LRE Send authenticates the sender by OTP code only (the credential's OTP secret)",
		},
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
				if (call.before) await call.before(sbx, token);
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
				for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value(sbx));
				const headers: Record<string, string> = {};
				if (call.token !== 'none' && row.bearer !== false)
					headers.authorization = `Bearer ${call.token === 'forged' ? 'sbx.forged' : token}`;
				let body: string | FormData | undefined;
				const content = operation.requestBody?.content ?? {};
				const declaredKind = Object.keys(content)[0];
				const kind = declaredKind && (call.send ?? declaredKind);
				if (kind) {
					const built = exampleOf(spec, content[declaredKind].schema) as Record<string, unknown>;
					for (const name of call.omit ?? []) delete built[name];
					Object.assign(built, call.set);
					if (kind === 'multipart/form-data') {
						// Binary parts are a small PDF; the other parts are the built values, JSON unless a string.
						const form = new FormData();
						const properties = resolve(spec, content[declaredKind].schema)?.properties ?? {};
						for (const [name, property] of Object.entries(properties))
							if (property.format === 'binary' && !call.omit?.includes(name))
								form.append(name, new Blob([new Uint8Array(tinyPdf())], { type: 'application/pdf' }), 'lettre.pdf');
						for (const [name, value] of Object.entries(built))
							if (properties[name]?.format !== 'binary')
								form.append(name, typeof value === 'string' ? value : JSON.stringify(value));
						body = form;
					} else if (kind === 'application/x-www-form-urlencoded') {
						headers['content-type'] = kind;
						body = new URLSearchParams(built as Record<string, string>).toString();
					} else {
						headers['content-type'] = kind;
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
				// A 204 has no body (RFC 9110 §15.3.5, and node's http drops one): the qualified LRE file declares a
				// RecipientsResponse under the 204 of its two recipient DELETEs, which no server can send.
				if (!schema || answer.status === 204) {
					expect({ where, empty: answer.bytes.length }).toEqual({ where, empty: 0 });
				} else if (resolve(spec, schema)?.format === 'binary' || !/json/.test(mediaType)) {
					// A file: a PDF (the electronic files declare `application/pdf` with a bare `type: string`).
					expect({ where, type: answer.type, magic: answer.bytes.subarray(0, 5).toString('latin1') }).toEqual({
						where,
						type: 'application/pdf',
						magic: '%PDF-',
					});
				} else {
					expect({ where, type: answer.type.split(';')[0] }).toEqual({ where, type: mediaType });
					let json: Record<string, unknown>;
					try {
						json = JSON.parse(answer.bytes.toString('utf8')) as Record<string, unknown>;
					} catch {
						throw new Error(
							`${where}: ${answer.status} ${answer.type}, not JSON: ${answer.bytes.toString('utf8', 0, 200)}`,
						);
					}
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
