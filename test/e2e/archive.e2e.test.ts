/**
 * Issue #15 item 8 in a real n8n 2.41: the demo's proof archive (examples/demo-proof-archive.json, as shipped, with
 * a stand-in for the LRE Trigger that emits one status event with its proof PDF) never overwrites an archived proof.
 * The same event processed twice, then another PDF forced onto the same name: the first file stays byte-identical,
 * nothing is written, and the credit manager gets an e-mail each time.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { N8n } from '../../devtools/n8n';
import { tempDir } from '../helpers/sandbox';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const NAME = 'LRE_AccuseReception_MartinSarl_2026-03-12_100042';

/** A minimal SMTP server that keeps each message (enough for n8n's Send Email node, no TLS, no auth). */
function smtpServer(): Promise<{ port: number; messages: string[]; close: () => void }> {
	const messages: string[] = [];
	const server: Server = createServer((socket) => {
		let data = false;
		let buffer = '';
		socket.write('220 test ESMTP\r\n');
		socket.on('data', (chunk) => {
			buffer += chunk.toString('utf8');
			while (true) {
				if (data) {
					const end = buffer.indexOf('\r\n.\r\n');
					if (end < 0) return;
					messages.push(buffer.slice(0, end));
					buffer = buffer.slice(end + 5);
					data = false;
					socket.write('250 OK queued\r\n');
					continue;
				}
				const eol = buffer.indexOf('\r\n');
				if (eol < 0) return;
				const line = buffer.slice(0, eol).toUpperCase();
				buffer = buffer.slice(eol + 2);
				if (line.startsWith('EHLO')) socket.write('250-test\r\n250 8BITMIME\r\n');
				else if (line.startsWith('DATA')) {
					data = true;
					socket.write('354 go on\r\n');
				} else if (line.startsWith('QUIT')) socket.end('221 bye\r\n');
				else socket.write('250 OK\r\n');
			}
		});
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () =>
			resolve({ port: (server.address() as { port: number }).port, messages, close: () => server.close() }),
		),
	);
}

/** The shipped archive workflow; its LRE Trigger replaced by a Manual Trigger and a node emitting `event` + `pdf`. */
function archiveWorkflow(id: string, out: string, pdf: Buffer): Record<string, unknown> {
	const workflow = JSON.parse(
		readFileSync(join(__dirname, '../../examples/demo-proof-archive.json'), 'utf8').replaceAll('__OUT_DIR__', out),
	) as {
		nodes: Array<Record<string, unknown> & { name: string }>;
		connections: Record<string, unknown>;
	};
	const event = {
		event: 'accepted',
		state: 'accepted',
		eventDate: '2026-03-12T10:00:00+01:00',
		letterId: '100042',
		reference: 'MED-2026-00042',
		recipient: { company: 'Martin SARL' },
		letter: { provider: 'ar24', events: { sentAt: '2026-03-10T09:00:00+01:00' } },
		proof: { type: 'AccuseReception', fileName: `${NAME}.pdf`, sha256: sha256(pdf) },
	};
	const emit = `return [{ json: ${JSON.stringify(event)}, binary: { proof: { data: '${pdf.toString('base64')}', mimeType: 'application/pdf', fileName: '${NAME}.pdf' } } }];`;
	workflow.nodes = workflow.nodes.filter(
		(n) => !['Letter status changed', 'Once per event', 'Record: event', 'Ledger: event'].includes(n.name),
	);
	workflow.nodes.push(
		{
			id: `${id}-start`,
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [-440, 300],
			parameters: {},
		},
		{
			id: `${id}-event`,
			name: 'Letter status changed',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [-220, 300],
			parameters: { jsCode: emit },
		},
	);
	workflow.connections.Start = { main: [[{ node: 'Letter status changed', type: 'main', index: 0 }]] };
	workflow.connections['Letter status changed'] = { main: [[{ node: 'Proof metadata', type: 'main', index: 0 }]] };
	delete workflow.connections['Record: event'];
	// "Once per event" (Remove Duplicates on eventKey) would drop the repeated event before the guard this test is about.
	delete workflow.connections['Once per event'];
	// The paper letters' follow-up (Maileva, its own entry into "Once per event") is not part of this test.
	const paperFollowUp = [
		'Follow up paper letters',
		'Every hour',
		'Paper letters posted',
		'One per letter',
		'Postal letter status',
		'Outcome known?',
		'Download the proof',
		'As a status event',
	];
	workflow.nodes = workflow.nodes.filter((n) => !paperFollowUp.includes(n.name));
	for (const name of paperFollowUp) delete workflow.connections[name];
	return { ...workflow, id, name: `archive e2e ${id}`, active: false };
}

it('never overwrites an archived proof: same event twice, then another PDF on the same name', async () => {
	const smtp = await smtpServer();
	try {
		const out = tempDir('lre-archive-');
		mkdirSync(join(out, 'proofs'));
		// As the demo runs n8n: file access restricted to its output folder.
		const n8n = await N8n.create(2, { N8N_RESTRICT_FILE_ACCESS_TO: out });
		await n8n.importCredentials([
			{
				id: 'smtpDemo',
				name: 'Demo SMTP (MailDev)',
				type: 'smtp',
				data: { host: '127.0.0.1', port: smtp.port, secure: false, disableStartTls: true, user: '', password: '' },
			},
		]);
		const first = Buffer.from('%PDF-1.7\n% the first proof\n%%EOF\n');
		const other = Buffer.from('%PDF-1.7\n% ANOTHER letter, same name\n%%EOF\n');
		const same = await n8n.importWorkflow(archiveWorkflow('archiveSame', out, first));
		const forced = await n8n.importWorkflow(archiveWorkflow('archiveOther', out, other));
		const pdfFile = join(out, 'proofs', `${NAME}.pdf`);
		const jsonFile = join(out, 'proofs', `${NAME}.json`);

		const run1 = await n8n.execute(same);
		expect({ status: run1.status, error: run1.error, nodeErrors: run1.nodeErrors }).toEqual({
			status: 'success',
			error: undefined,
			nodeErrors: {},
		});
		expect(readFileSync(pdfFile)).toEqual(first);
		const metadata = readFileSync(jsonFile);
		expect(JSON.parse(metadata.toString('utf8'))).toMatchObject({
			letterId: '100042',
			proof: { sha256: sha256(first) },
		});
		expect(smtp.messages).toHaveLength(0);
		expect(run1.nodes['Alert: proof already archived']).toBeUndefined();

		for (const [run, expectedAlerts] of [
			[same, 1],
			[forced, 2],
		] as const) {
			const again = await n8n.execute(run);
			expect({ status: again.status, error: again.error, nodeErrors: again.nodeErrors }).toEqual({
				status: 'success',
				error: undefined,
				nodeErrors: {},
			});
			// Nothing written: neither the PDF nor its metadata (which would carry a new archivedAt).
			expect(again.nodes['Save proof PDF']).toBeUndefined();
			expect(again.nodes['Save metadata']).toBeUndefined();
			expect(sha256(readFileSync(pdfFile))).toBe(sha256(first));
			expect(readFileSync(jsonFile)).toEqual(metadata);
			expect(smtp.messages).toHaveLength(expectedAlerts);
			const alert = smtp.messages[expectedAlerts - 1];
			expect(alert).toContain('To: credit-manager@acme-industries.example');
			expect(alert.replace(/\r\n\s+/g, ' ')).toMatch(
				/Subject: Proof NOT archived: LRE_AccuseReception_MartinSarl_2026-03-12_100042 already exists/,
			);
		}
		// The events log still gets every event (the ledger decides what an event means, not the archive).
		expect(readFileSync(join(out, 'events.jsonl'), 'utf8').trim().split('\n')).toHaveLength(3);
	} finally {
		smtp.close();
	}
}, 300_000);
