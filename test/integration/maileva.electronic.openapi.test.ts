/**
 * An independent check of the sandbox's Maileva electronic APIs: requests built from Maileva's published OpenAPI
 * files alone (each property's `example`, the first enum value of a required property without one) go to the
 * sandbox, and every answer must have a status the file declares and a body valid against the file's schema
 * (types, required fields, enums, max lengths, patterns).
 *
 * The files are Maileva's (`api-electronic_qualified_registered_mail-v1-3.yaml`, `api-secured_electronic_mail-v1-0.yaml`,
 * `api-electronic_mail_emitter-v1-48b.yaml`, stored by the Justisy/maileva repository, commit e142479), vendored
 * unchanged in test/fixtures/maileva-openapi/ (not shipped); MAILEVA_OPENAPI_DIR checks another copy.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAILEVA_SANDBOX_SENDER } from '../../sandbox/maileva/electronic';
import type { RunningSandbox } from '../../sandbox/server';
import { maileva, mailevaCredentials, mailevaOtp, mailevaToken, tinyPdf } from '../helpers/maileva';
import { sandbox } from '../helpers/sandbox';

const dir = process.env.MAILEVA_OPENAPI_DIR || join(__dirname, '../fixtures/maileva-openapi');
const FILES = {
	lre: 'api-electronic_qualified_registered_mail-v1-3.yaml',
	ere: 'api-secured_electronic_mail-v1-0.yaml',
	emitter: 'api-electronic_mail_emitter-v1-48b.yaml',
} as const;
const available = dir !== '' && Object.values(FILES).every((name) => existsSync(join(dir, name)));
if (!available)
	process.stderr.write(
		`maileva.electronic.openapi.test.ts skipped: ${dir} does not hold ${Object.values(FILES).join(', ')}\n`,
	);

type Schema = {
	$ref?: string;
	type?: string;
	required?: string[];
	properties?: Record<string, Schema>;
	items?: Schema;
	enum?: unknown[];
	maxLength?: number;
	pattern?: string;
	allOf?: Schema[];
	nullable?: boolean;
	example?: unknown;
};
type Spec = {
	paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
	components: { schemas: Record<string, Schema> };
};

const resolve = (spec: Spec, schema: Schema): Schema =>
	schema.$ref ? resolve(spec, spec.components.schemas[schema.$ref.replace('#/components/schemas/', '')]) : schema;

/** OpenAPI 3.0's subset these files use: $ref, allOf, type, required, properties, items, enum, maxLength, pattern. */
function problems(spec: Spec, raw: Schema, value: unknown, at = '$'): string[] {
	const schema = resolve(spec, raw);
	if (schema.allOf) return schema.allOf.flatMap((part) => problems(spec, part, value, at));
	if (value === null) return schema.nullable ? [] : [`${at}: null`];
	const actual = Array.isArray(value) ? 'array' : typeof value;
	const type = schema.type ?? (schema.properties ? 'object' : undefined);
	if (type === 'integer' ? !Number.isInteger(value) : type && type !== actual)
		return [`${at}: ${actual} where the file says ${type}`];
	const out: string[] = [];
	if (schema.enum && !schema.enum.includes(value))
		out.push(`${at}: ${JSON.stringify(value)} not in ${schema.enum.join('|')}`);
	if (typeof value === 'string' && schema.maxLength !== undefined && value.length > schema.maxLength)
		out.push(`${at}: longer than ${schema.maxLength}`);
	if (typeof value === 'string' && schema.pattern && !new RegExp(schema.pattern).test(value))
		out.push(`${at}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
	if (Array.isArray(value) && schema.items)
		value.forEach((v, i) => out.push(...problems(spec, schema.items as Schema, v, `${at}[${i}]`)));
	if (actual === 'object') {
		const object = value as Record<string, unknown>;
		for (const name of schema.required ?? []) if (!(name in object)) out.push(`${at}.${name}: required`);
		for (const [name, v] of Object.entries(object)) {
			const property = schema.properties?.[name];
			if (property) out.push(...problems(spec, property, v, `${at}.${name}`));
			else out.push(`${at}.${name}: not in the file's schema`);
		}
	}
	return out;
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

(available ? describe : describe.skip)(
	"Maileva sandbox against Maileva's OpenAPI files (LRE 1.3, ERE 1.0, emitter 1.48)",
	() => {
		let sbx: RunningSandbox;
		let token: string;
		const specs = {} as Record<keyof typeof FILES, Spec>;
		beforeAll(async () => {
			// eslint-disable-next-line @typescript-eslint/no-require-imports -- js-yaml is only needed when the files are given
			const yaml = require('js-yaml') as { load(text: string): unknown };
			for (const [key, name] of Object.entries(FILES))
				specs[key as keyof typeof FILES] = yaml.load(readFileSync(join(dir, name), 'utf8')) as Spec;
			sbx = await sandbox();
			token = await mailevaToken(mailevaCredentials(sbx));
		});
		afterAll(async () => {
			await sbx?.close();
		});

		const check = (spec: Spec, route: string, method: string, status: number, body: unknown, schema?: string) => {
			expect(Object.keys(spec.paths[route][method].responses)).toContain(String(status));
			if (schema) expect(problems(spec, { $ref: `#/components/schemas/${schema}` }, body)).toEqual([]);
		};

		it('answers the sender routes with bodies valid against the emitter file', async () => {
			const spec = specs.emitter;
			const list = await maileva(sbx, token, 'GET', '/electronic_mail_emitter/v1/senders');
			check(spec, '/senders', 'get', list.status, list.json, 'SenderResponses');
			const one = await maileva(sbx, token, 'GET', `/electronic_mail_emitter/v1/senders/${MAILEVA_SANDBOX_SENDER.id}`);
			check(spec, '/senders/{sender_id}', 'get', one.status, one.json, 'SenderResponse');
			const path = `/electronic_mail_emitter/v1/senders/${MAILEVA_SANDBOX_SENDER.id}/authenticate_by_otp`;
			const wrong = await maileva(sbx, token, 'POST', `${path}?otp_code=000000`);
			check(spec, '/senders/{sender_id}/authenticate_by_otp', 'post', wrong.status, wrong.json, 'ErrorsDto');
			expect(wrong.status).toBe(400);
			const ok = await maileva(sbx, token, 'POST', `${path}?otp_code=${mailevaOtp(sbx)}`);
			check(spec, '/senders/{sender_id}/authenticate_by_otp', 'post', ok.status, ok.json, 'ExpirationDateResponse');
			expect(ok.status).toBe(200);
		});

		describe.each([
			['lre', '/electronic_qualified_registered_mail/v1', 'RecipientResponse'],
			['ere', '/secured_electronic_mail/v1', 'recipient_draft_response'],
		] as const)('%s', (kind, api, draftRecipient) => {
			it('accepts the example sending, document, recipient and submit, and answers with bodies valid against the file', async () => {
				const spec = specs[kind];
				const otp = `/electronic_mail_emitter/v1/senders/${MAILEVA_SANDBOX_SENDER.id}/authenticate_by_otp`;
				await maileva(sbx, token, 'POST', `${otp}?otp_code=${mailevaOtp(sbx)}`);
				const refused = await maileva(sbx, token, 'POST', `${api}/sendings`, {});
				check(spec, '/sendings', 'post', refused.status, refused.json, 'ErrorsDto');
				// sender_id has no example in the files: it is the sandbox's sender.
				const creation = { ...exampleOf(spec, 'SendingCreation'), sender_id: MAILEVA_SANDBOX_SENDER.id };
				const created = await maileva(sbx, token, 'POST', `${api}/sendings`, creation);
				check(spec, '/sendings', 'post', created.status, created.json, 'SendingResponse');
				expect(created.status).toBe(201);
				const id = String(created.json.id);
				const form = new FormData();
				form.append('document', new Blob([new Uint8Array(tinyPdf())], { type: 'application/pdf' }), 'lettre.pdf');
				form.append('metadata', JSON.stringify({ name: 'lettre.pdf' }));
				const document = await maileva(sbx, token, 'POST', `${api}/sendings/${id}/documents`, form);
				check(spec, '/sendings/{sending_id}/documents', 'post', document.status, document.json, 'DocumentResponse');
				expect(document.status).toBe(201);
				// The ERE file's description: "si le destinataire est un professionnel, le nom de la société est obligatoire".
				const recipientBody = { ...exampleOf(spec, 'RecipientCreation'), company: 'Dupont SARL' };
				const recipient = await maileva(sbx, token, 'POST', `${api}/sendings/${id}/recipients`, recipientBody);
				check(spec, '/sendings/{sending_id}/recipients', 'post', recipient.status, recipient.json, draftRecipient);
				expect(recipient.status).toBe(201);
				const submitted = await maileva(sbx, token, 'POST', `${api}/sendings/${id}/submit`);
				check(spec, '/sendings/{sending_id}/submit', 'post', submitted.status, undefined);
				expect(submitted.status).toBe(202);
				sbx.clock.advance(3 * 86_400_000);
				const sending = await maileva(sbx, token, 'GET', `${api}/sendings/${id}`);
				check(spec, '/sendings/{sending_id}', 'get', sending.status, sending.json, 'SendingResponse');
				expect(sending.json.status).toBe('PROCESSED');
				const list = await maileva(sbx, token, 'GET', `${api}/sendings?start_index=1&count=10`);
				check(spec, '/sendings', 'get', list.status, list.json, 'SendingsResponse');
				const recipients = await maileva(sbx, token, 'GET', `${api}/sendings/${id}/recipients`);
				check(
					spec,
					'/sendings/{sending_id}/recipients',
					'get',
					recipients.status,
					recipients.json,
					'RecipientsResponse',
				);
				const rid = String((recipients.json.recipients as Array<{ id: string }>)[0].id);
				const shown = await maileva(sbx, token, 'GET', `${api}/sendings/${id}/recipients/${rid}`);
				check(
					spec,
					'/sendings/{sending_id}/recipients/{recipient_id}',
					'get',
					shown.status,
					shown.json,
					'RecipientResponse',
				);
				expect(shown.json.delivery_proof).toMatchObject({ type: 'ACKNOWLEDGMENT_OF_RECEIPT' });
				for (const proof of ['download_deposit_proof', 'download_delivery_proof']) {
					const pdf = await maileva(sbx, token, 'GET', `${api}/sendings/${id}/recipients/${rid}/${proof}`);
					check(spec, `/sendings/{sending_id}/recipients/{recipient_id}/${proof}`, 'get', pdf.status, undefined);
					expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
				}
				const missing = await maileva(sbx, token, 'GET', `${api}/sendings/00000000-0000-4000-8000-000000000000`);
				expect(missing.status).toBe(404);
				check(spec, '/sendings/{sending_id}', 'get', missing.status, undefined);
			});
		});
	},
);
