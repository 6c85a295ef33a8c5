/**
 * Notice Generator in a real n8n 2.x: the PDF made in the workflow travels as n8n binary data to LRE Send and
 * reaches the AR24 sandbox byte for byte; read back there with pdftotext.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSandbox } from '../../sandbox/server';
import { flat } from '../helpers/notice';
import { pdfText } from '../helpers/pdf';
import { control, sandbox, sandboxCredentials } from '../helpers/sandbox';
import { N8n } from '../../devtools/n8n';

let sbx: RunningSandbox;
let n8n: N8n;

beforeAll(async () => {
	sbx = await sandbox({ staticOtp: '123456' });
	n8n = await N8n.create();
	await n8n.importSandboxCredential(sandboxCredentials(sbx));
}, 600_000);

afterAll(async () => {
	await sbx?.close();
});

type Letter = { id: number; mail: { attachments_details?: Array<{ id: number; hash_sha256?: string }> } };

it('generates formal notices in n8n, sends them as the LRE attachment; a letter with a blank goes to the error output', async () => {
	const workflow = JSON.parse(readFileSync(join(__dirname, 'workflows', 'notice-send.workflow.json'), 'utf8'));
	const id = await n8n.importWorkflow(workflow);
	const run = await n8n.execute(id);
	expect({ status: run.status, error: run.error, nodeErrors: run.nodeErrors }).toEqual({
		status: 'success',
		error: undefined,
		nodeErrors: {},
	});

	const notices = run.nodes.Notice;
	expect(notices.map((n) => n.json.fileName)).toEqual([
		'LRE_MiseEnDemeure_OeuvreCieZoe_2026-02-20.pdf',
		'LRE_MiseEnDemeure_MartinLtd_2026-02-20.pdf',
	]);
	expect(notices[0].json).toMatchObject({
		amounts: { interest: 20.96, indemnity: 40, totalClaimed: 1295.46 },
		pdfA: true,
		check: { passed: true },
	});
	expect(notices[0].binary?.data).toMatchObject({ mimeType: 'application/pdf', fileName: notices[0].json.fileName });

	const refused = run.nodes.Refused;
	expect(refused).toHaveLength(1);
	expect(String(refused[0].json.error)).toContain(
		'Item 2: the formal notice cannot be written – "Debtor Address": debtor.address is missing',
	);

	const sent = run.nodes.Send;
	expect(sent.map((s) => s.json.reference)).toEqual(['E2E-NOTICE-1', 'E2E-NOTICE-2']);
	for (const [i, ref] of ['E2E-NOTICE-1', 'E2E-NOTICE-2'].entries()) {
		const [summary] = await control<Array<{ id: number }>>(sbx.url(), 'GET', `/letters?ref_dossier=${ref}`);
		const letter = await control<Letter>(sbx.url(), 'GET', `/letters/${summary.id}`);
		const [attachment] = letter.mail.attachments_details ?? [];
		const pdf = sbx.store.readBlob(`attachments/${attachment.id}.bin`) as Buffer;
		expect(createHash('sha256').update(pdf).digest('hex')).toBe(notices[i].json.sha256);
		const text = flat(pdfText(pdf));
		expect(text).toContain(i === 0 ? 'MISE EN DEMEURE DE PAYER' : 'FORMAL NOTICE TO PAY');
		expect(text).toContain(i === 0 ? 'Œuvre & Cie — Zoë' : 'Martin Ltd');
		expect(text).toContain(i === 0 ? '1 295,46 €' : '€10,284.49');
	}
	expect(await control(sbx.url(), 'GET', '/letters?ref_dossier=E2E-NOTICE-BAD')).toEqual([]);
}, 300_000);
