/**
 * An independent check of the Maileva sandbox: requests built from Maileva's published OpenAPI file alone (the
 * `example` of every property, the first enum value of a required property without one) go to the sandbox, and
 * every answer must have a status the file declares and a body valid against the file's schema.
 *
 * The file is Maileva's (`api-registered_mail-v4-9.yaml`, stored by the Justisy/maileva repository, commit
 * e5428db) and is not shipped here: set MAILEVA_OPENAPI_DIR to the folder that holds it. Without it the suite is
 * skipped, and says so.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSandbox } from '../../sandbox/server';
import { DAY } from '../../sandbox/maileva/lifecycle';
import { maileva, mailevaCredentials, mailevaToken, tinyPdf } from '../helpers/maileva';
import { sandbox } from '../helpers/sandbox';

const dir = process.env.MAILEVA_OPENAPI_DIR ?? '';
const file = join(dir, 'api-registered_mail-v4-9.yaml');
const available = dir !== '' && existsSync(file);
if (!available)
	process.stderr.write(
		`maileva.openapi.test.ts skipped: set MAILEVA_OPENAPI_DIR to the folder holding api-registered_mail-v4-9.yaml\n`,
	);

type Schema = {
	$ref?: string;
	type?: string;
	required?: string[];
	properties?: Record<string, Schema>;
	items?: Schema;
	enum?: unknown[];
	maxLength?: number;
	allOf?: Schema[];
	nullable?: boolean;
	example?: unknown;
	format?: string;
};
type Spec = {
	paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
	components: { schemas: Record<string, Schema> };
};

/** OpenAPI 3.0's subset these schemas use: $ref, allOf, type, required, properties, items, enum, maxLength. */
function problems(spec: Spec, schema: Schema, value: unknown, at = '$'): string[] {
	if (schema.$ref)
		return problems(spec, spec.components.schemas[schema.$ref.replace('#/components/schemas/', '')], value, at);
	if (schema.allOf) return schema.allOf.flatMap((part) => problems(spec, part, value, at));
	if (value === null) return schema.nullable ? [] : [`${at}: null`];
	const out: string[] = [];
	const type = schema.type;
	const actual = Array.isArray(value) ? 'array' : typeof value;
	if (
		type === 'integer'
			? !Number.isInteger(value)
			: type && type !== (actual === 'number' ? 'number' : actual) && !(type === 'number' && actual === 'number')
	) {
		return [`${at}: ${actual} where the file says ${type}`];
	}
	if (schema.enum && !schema.enum.includes(value))
		out.push(`${at}: ${JSON.stringify(value)} not in ${schema.enum.join('|')}`);
	if (typeof value === 'string' && schema.maxLength !== undefined && value.length > schema.maxLength)
		out.push(`${at}: longer than ${schema.maxLength}`);
	if (Array.isArray(value) && schema.items)
		value.forEach((v, i) => out.push(...problems(spec, schema.items as Schema, v, `${at}[${i}]`)));
	if (actual === 'object' && !Array.isArray(value)) {
		const object = value as Record<string, unknown>;
		for (const name of schema.required ?? []) if (!(name in object)) out.push(`${at}.${name}: required`);
		for (const [name, v] of Object.entries(object)) {
			const property = schema.properties?.[name];
			if (property) out.push(...problems(spec, property, v, `${at}.${name}`));
		}
	}
	return out;
}

function resolve(spec: Spec, schema: Schema): Schema {
	return schema.$ref
		? resolve(spec, spec.components.schemas[schema.$ref.replace('#/components/schemas/', '')])
		: schema;
}

/** A request body from the file alone: each property's example; a required one without example takes its first enum value. */
function exampleOf(spec: Spec, name: string): Record<string, unknown> {
	const schema = spec.components.schemas[name];
	const body: Record<string, unknown> = {};
	for (const [property, definition] of Object.entries(schema.properties ?? {})) {
		const resolved = resolve(spec, definition);
		if (definition.example !== undefined) body[property] = definition.example;
		else if (resolved.example !== undefined && resolved.type !== 'object') body[property] = resolved.example;
		else if (schema.required?.includes(property) && resolved.enum) body[property] = resolved.enum[0];
	}
	return body;
}

(available ? describe : describe.skip)("Maileva sandbox against Maileva's OpenAPI file (registered_mail v4.9)", () => {
	let sbx: RunningSandbox;
	let spec: Spec;
	let token: string;
	beforeAll(async () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports -- js-yaml is only needed when the file is given
		spec = (require('js-yaml') as { load(text: string): unknown }).load(readFileSync(file, 'utf8')) as Spec;
		sbx = await sandbox();
		token = await mailevaToken(mailevaCredentials(sbx));
	});
	afterAll(async () => {
		await sbx?.close();
	});

	const check = (route: string, method: string, status: number, body: unknown, schema?: string) => {
		expect(Object.keys(spec.paths[route][method].responses)).toContain(String(status));
		if (schema) expect(problems(spec, { $ref: `#/components/schemas/${schema}` }, body)).toEqual([]);
	};

	it('accepts the example sending, document, recipient and submit, and answers with bodies valid against the file', async () => {
		const created = await maileva(
			sbx,
			token,
			'POST',
			'/registered_mail/v4/sendings',
			exampleOf(spec, 'sending_creation'),
		);
		check('/sendings', 'post', created.status, created.json, 'sending_response');
		expect(created.status).toBe(201);
		const id = String(created.json.id);
		const form = new FormData();
		form.append('document', new Blob([new Uint8Array(tinyPdf())], { type: 'application/pdf' }), 'lettre.pdf');
		form.append('metadata', JSON.stringify(exampleOf(spec, 'document_metadata')));
		const document = await maileva(sbx, token, 'POST', `/registered_mail/v4/sendings/${id}/documents`, form);
		check('/sendings/{sending_id}/documents', 'post', document.status, document.json, 'document_response');
		const recipientBody = exampleOf(spec, 'recipient_creation');
		const recipient = await maileva(sbx, token, 'POST', `/registered_mail/v4/sendings/${id}/recipients`, recipientBody);
		check('/sendings/{sending_id}/recipients', 'post', recipient.status, recipient.json, 'recipient_response');
		expect(recipient.status).toBe(201);
		const submitted = await maileva(sbx, token, 'POST', `/registered_mail/v4/sendings/${id}/submit`);
		check('/sendings/{sending_id}/submit', 'post', submitted.status, undefined);
		sbx.clock.advance(3 * DAY);
		const sending = await maileva(sbx, token, 'GET', `/registered_mail/v4/sendings/${id}`);
		check('/sendings/{sending_id}', 'get', sending.status, sending.json, 'sending_response');
		const shown = await maileva(
			sbx,
			token,
			'GET',
			`/registered_mail/v4/sendings/${id}/recipients/${String(recipient.json.id)}`,
		);
		check('/sendings/{sending_id}/recipients/{recipient_id}', 'get', shown.status, shown.json, 'recipient_response');
		expect(shown.json.acknowledgement_of_receipt_url).toEqual(expect.any(String));
		const list = await maileva(sbx, token, 'GET', '/registered_mail/v4/sendings?start_index=1&count=10');
		check('/sendings', 'get', list.status, list.json, 'sendings_response');
		const recipients = await maileva(sbx, token, 'GET', `/registered_mail/v4/sendings/${id}/recipients`);
		check('/sendings/{sending_id}/recipients', 'get', recipients.status, recipients.json, 'recipients_response');
	});

	it('answers a request the file marks invalid (no address_line_6) with 400 and an errors_response body', async () => {
		const created = await maileva(
			sbx,
			token,
			'POST',
			'/registered_mail/v4/sendings',
			exampleOf(spec, 'sending_creation'),
		);
		const { address_line_6: _line, ...withoutCity } = exampleOf(spec, 'recipient_creation');
		const refused = await maileva(
			sbx,
			token,
			'POST',
			`/registered_mail/v4/sendings/${String(created.json.id)}/recipients`,
			withoutCity,
		);
		expect(refused.status).toBe(400);
		check('/sendings/{sending_id}/recipients', 'post', refused.status, refused.json, 'errors_response');
		expect(
			problems(spec, { $ref: '#/components/schemas/error_response' }, (refused.json.errors as unknown[])[0]),
		).toEqual([]);
	});
});
