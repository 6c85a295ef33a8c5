/** LRE Send letters in a real n8n 2.x: send with a PDF from the workflow, never twice, consent enforced, proofs. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSandbox } from '../../sandbox/server';
import { control, PRIVATE_KEY, sandbox, sandboxCredentials } from '../helpers/sandbox';
import { N8n } from '../../devtools/n8n';

const workflow = (name: string) =>
	JSON.parse(readFileSync(join(__dirname, 'workflows', name), 'utf8')) as Record<string, unknown>;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

let sbx: RunningSandbox;
let n8n: N8n;

beforeAll(async () => {
	sbx = await sandbox({ staticOtp: '123456' });
	n8n = await N8n.create();
	// The sender given by its AR24 user id (the other tests use its e-mail).
	await n8n.importSandboxCredential({ ...sandboxCredentials(sbx), sender: '1' });
}, 600_000);

afterAll(async () => {
	await sbx?.close();
});

const lettersAt = (ref: string) =>
	control<Array<{ id: number; proofs: Record<string, { sha256: string }> }>>(
		sbx.url(),
		'GET',
		`/letters?ref_dossier=${ref}`,
	);

it('sends each letter once, with its PDF, and refuses the individual without consent (no request for it)', async () => {
	const sendWorkflow = workflow('send-letters.workflow.json');
	const code = String(
		(sendWorkflow.nodes as Array<{ name: string; parameters: { jsCode?: string } }>).find((n) => n.name === 'Debtors')
			?.parameters.jsCode ?? '',
	);
	const pdf = Buffer.from(/data: '([^']+)'/.exec(code)?.[1] ?? '', 'base64');
	const id = await n8n.importWorkflow(sendWorkflow);

	const first = await n8n.execute(id);
	expect(first.status).toBe('success');
	const [pro, ind, refused] = first.nodes.Send;
	expect(pro.json).toMatchObject({
		reference: 'E2E-ERE-PRO',
		type: 'ere',
		alreadySent: false,
		clientReference: 'C-42',
		attachments: [{ sha256: sha256(pdf) }],
	});
	expect(ind.json).toMatchObject({
		reference: 'E2E-LRE-IND',
		type: 'lre',
		alreadySent: false,
		recipient: { status: 'individual' },
	});
	expect(String(refused.json.error)).toContain('Item 2: "Consent Evidence" does not allow a qualified LRE');
	expect(await lettersAt('E2E-LRE-NOCONSENT')).toEqual([]);
	const requests = await control<Array<{ params: Record<string, unknown> }>>(sbx.url(), 'GET', '/requests');
	expect(requests.some((r) => JSON.stringify(r.params).includes('paul.petit'))).toBe(false);

	// n8n's own de-duplication store took the send record.
	expect([pro.json.sendRecord, ind.json.sendRecord]).toEqual(['recorded', 'recorded']);

	const second = await n8n.execute(id);
	expect(second.nodes.Send.map((item) => item.json.alreadySent)).toEqual([true, true, undefined]);
	expect(second.nodes.Send[0].json.letterId).toBe(pro.json.letterId);
	expect(await lettersAt('E2E-ERE-PRO')).toHaveLength(1);
	expect(await lettersAt('E2E-LRE-IND')).toHaveLength(1);
	expect(JSON.stringify([first, second])).not.toContain(PRIVATE_KEY);
}, 300_000);

it('downloads the acceptance proofs as binary, with the SHA-256 of the sandbox file', async () => {
	await control(sbx.url(), 'POST', '/clock', { advance: '3h' });
	const id = await n8n.importWorkflow(workflow('download-proofs.workflow.json'));
	const run = await n8n.execute(id);
	expect(run.nodeErrors).toEqual({});
	const proofs = run.nodes['Download Proof'];
	expect(proofs).toHaveLength(2);
	for (const item of proofs) {
		const [letter] = await lettersAt(String(item.json.reference));
		expect(item.json.proof).toMatchObject({ type: 'acceptance', sha256: letter.proofs.ar.sha256 });
		expect(item.binary?.proof).toMatchObject({
			mimeType: 'application/pdf',
			fileName: expect.stringMatching(
				new RegExp(`^LRE_AccuseReception_.+_\\d{4}-\\d{2}-\\d{2}_${String(item.json.letterId)}\\.pdf$`),
			),
		});
	}
}, 300_000);

it("with a listing that ignores paging, n8n's database finds the letters AR24's list no longer shows; a new reference fails closed", async () => {
	const paging = await sandbox({ paging: 'ignore' });
	try {
		await n8n.importCredentials([
			{ id: 'ar24paging', name: 'AR24 sandbox (paging ignored)', type: 'ar24Api', data: sandboxCredentials(paging) },
		]);
		const workflowFor = (id: string, count: number, prefix: string) => ({
			id,
			name: `e2e: paging ignored ${prefix}`,
			active: false,
			settings: { executionOrder: 'v1' },
			connections: {
				Start: { main: [[{ node: 'Debtors', type: 'main', index: 0 }]] },
				Debtors: { main: [[{ node: 'Send', type: 'main', index: 0 }]] },
			},
			nodes: [
				{
					id: `${id}-1`,
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: `${id}-2`,
					name: 'Debtors',
					type: 'n8n-nodes-base.code',
					typeVersion: 2,
					position: [200, 0],
					parameters: {
						jsCode: `return Array.from({ length: ${count} }, (_, i) => ({ json: { reference: '${prefix}-' + i, email: 'ap+hold@debtor' + i + '.example' } }));`,
					},
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
						content: 'Mise en demeure',
						attachmentProperties: '',
						options: { batchConcurrency: 2 },
					},
					credentials: { ar24Api: { id: 'ar24paging', name: 'AR24 sandbox (paging ignored)' } },
				},
			],
		});
		const id = await n8n.importWorkflow(workflowFor('lreE2ePaging', 60, 'PAGING'));
		const first = await n8n.execute(id);
		expect(first.nodes.Send.filter((item) => item.json.alreadySent === false)).toHaveLength(60);

		const second = await n8n.execute(id);
		const by = (how: string) =>
			second.nodes.Send.filter((item) => item.json.alreadySent === true && item.json.foundBy === how).length;
		expect([by('listing'), by('sendRecord')]).toEqual([50, 10]);
		const letters = await control<Array<{ ref_dossier: string }>>(paging.url(), 'GET', '/letters');
		expect(letters).toHaveLength(60);

		const other = await n8n.importWorkflow(workflowFor('lreE2ePagingNew', 1, 'PAGING-NEW'));
		const refused = await n8n.execute(other);
		expect(String(refused.nodes.Send[0].json.error)).toContain('cannot prove this reference was never sent');
		expect(await control<unknown[]>(paging.url(), 'GET', '/letters')).toHaveLength(60);
	} finally {
		await paging.close();
	}
}, 300_000);
