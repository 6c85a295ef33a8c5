/**
 * The demo pipeline (what `npm run demo` runs) in a real n8n 2.x, asserted (used by demo.e2e.test.ts and, in queue
 * mode, queue.e2e.test.ts): every debtor's step and outcome, each
 * proof archived with the sandbox's hash and a metadata file, the notices sent being the ones generated, the ledger
 * complete, the KPIs, the reminder e-mails in the SMTP inbox, and a second run that sends no new letter.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../devtools/n8n';
import { startDemo, type Demo, type DemoReport } from '../../demo/run';
import { parseJsonLines, type LedgerLine } from '../../demo/report';
import { tempDir } from '../helpers/sandbox';

type SandboxLetter = { id: number; ref_dossier: string; proofs: Record<string, { sha256: string }>; mail?: { attachments_details?: Array<{ id: number }> } };

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
/** The whole demo suite, on one n8n process or in queue mode (main + Redis + two workers + webhook processor). */
export function demoSuite({ queue }: { queue: boolean }): void {
	let demo: Demo;
	let report: DemoReport;

	beforeAll(async () => {
		demo = await startDemo({ out: join(tempDir('lre-demo-'), 'demo-output'), port: await freePort(), queue, log: () => undefined });
		await demo.runPipeline();
		await demo.settleLetters();
		report = await demo.report();
	}, 600_000);

	afterAll(async () => {
		await demo?.stop();
	}, 120_000);

	if (queue) {
		it('ran the pipeline and every status event on the workers', () => {
			// One pipeline execution and one per status event (six letters), each started by a worker.
			expect((demo.n8n.log().match(/Worker started execution/g) ?? []).length).toBeGreaterThanOrEqual(7);
		});
	}

	const letters = async () => (await (await fetch(`${demo.sandbox.url()}/_sandbox/letters`)).json()) as SandboxLetter[];
	const row = (id: string) => report.rows.find((r) => r.debtorId === id);

	it('takes the right step for each debtor and reaches each sandbox outcome', () => {
		const summary = Object.fromEntries(report.rows.map((r) => [r.debtorId, `${r.step}/${r.channel || '-'}/${r.finalState}`]));
		expect(summary).toEqual({
			D01: 'none/-/paid',
			D02: 'firstReminder/email/sent',
			D03: 'secondReminder/email/sent',
			D04: 'formalNotice/lre/accepted',
			D05: 'formalNotice/lre/refused',
			D06: 'formalNotice/lre/negligence',
			D07: 'formalNotice/lre/bounced',
			D08: 'formalNotice/lre/accepted',
			D09: 'formalNotice/lre/blocked: no consent',
			D10: 'none/-/disputed',
			D11: 'formalNotice/lre/error',
			D12: 'formalNotice/lre/accepted',
			D13: 'none/-/promise to pay',
			D14: 'firstReminder/email/sent',
			D15: 'none/-/not yet due',
			D16: 'none/-/D+3: within grace',
		});
		expect(row('D09')?.error).toContain('No consent to electronic registered delivery is recorded');
		expect(row('D11')?.error).toContain('"Recipient E-Mail" is not a valid e-mail address');
	});

	it('archives each proof with the sandbox hash and a metadata file; the letter carried the generated notice', async () => {
		const atSandbox = await letters();
		expect(atSandbox).toHaveLength(6);
		for (const r of report.rows.filter((x) => x.letterId)) {
			const letter = atSandbox.find((l) => String(l.id) === r.letterId) as SandboxLetter;
			expect(letter.ref_dossier).toBe(r.reference);
			const proof = readFileSync(join(demo.out, 'proofs', r.proofFile));
			expect(r.proofFile).toMatch(/^LRE_(AccuseReception|Refus|Negligence|Rebond)_[A-Za-z0-9]+_\d{4}-\d{2}-\d{2}\.pdf$/);
			expect(Object.values(letter.proofs).map((p) => p.sha256)).toContain(sha256(proof));
			expect(r.proofSha256).toBe(sha256(proof));
			const metadata = JSON.parse(readFileSync(join(demo.out, 'proofs', r.proofFile.replace(/\.pdf$/, '.json')), 'utf8'));
			expect(metadata).toMatchObject({ letterId: r.letterId, reference: r.reference, event: r.finalState, proof: { sha256: sha256(proof) } });
			expect(metadata.timestamps.sentAt).toBeTruthy();
			// The PDF attached to the letter is the notice the Notice Generator wrote to notices/.
			const notice = readFileSync(join(demo.out, 'notices', String(r.notice)));
			expect(sha256(notice)).toBe(r.noticeSha256);
			const detail = (await (await fetch(`${demo.sandbox.url()}/_sandbox/letters/${letter.id}`)).json()) as SandboxLetter;
			const attachmentId = detail.mail?.attachments_details?.[0]?.id;
			expect(sha256(demo.sandbox.store.readBlob(`attachments/${attachmentId}.bin`) as Buffer)).toBe(r.noticeSha256);
		}
	});

	it('writes a complete ledger and the KPIs of the seed article', () => {
		const csv = readFileSync(join(demo.out, 'ledger.csv'), 'utf8').trim().split('\n');
		expect(csv[0]).toBe('debtorId,debtor,step,channel,reference,letterId,state,finalState,notice,proofFile,proofSha256,totalClaimed,error');
		const invoices = readFileSync(join(__dirname, '../../examples/data/invoices.csv'), 'utf8');
		const debtors = new Set(invoices.trim().split('\n').slice(1).map((line) => line.split(',')[1]));
		expect(csv).toHaveLength(debtors.size + 1);
		expect(report.kpis).toMatchObject({ lettersSent: 6, bounced: 1, accepted: 3, refusedOrNeglected: 2, deliverability: 83.33, refusalNegligenceRate: 33.33, technicalFailureRate: 0, blockedNoConsent: 1, alert: null });
		expect(report.kpis.meanAcceptanceDelayHours).toBeGreaterThan(0);
		expect(report.text).toContain('Technical failure rate: 0 %');
	});

	it('e-mails the reminders with their PDF to the SMTP inbox', async () => {
		const emails = (await (await fetch(`${demo.inbox}/api/email`)).json()) as Array<{ subject: string; to: Array<{ address: string }>; attachments?: Array<{ fileName?: string; filename?: string }> }>;
		expect(emails.map((e) => e.to[0].address).sort()).toEqual(['factures@garage-petit.example', 'gestion@librairie-moreau.example', 'lucas.blanc@example.org']);
		for (const email of emails) expect((email.attachments ?? []).map((a) => a.fileName ?? a.filename)).toEqual([expect.stringMatching(/^Notice_Relance[12]_.+\.pdf$/)]);
		expect(emails.find((e) => e.to[0].address.startsWith('gestion'))?.subject).toMatch(/^Deuxième relance/);
	});

	it('a second run sends no new letter', async () => {
		await demo.runPipeline();
		expect(await letters()).toHaveLength(6);
		const lines = parseJsonLines<LedgerLine>(readFileSync(join(demo.out, 'ledger.jsonl'), 'utf8'));
		expect(lines.filter((l) => l.state === 'already sent').map((l) => l.debtorId).sort()).toEqual(['D04', 'D05', 'D06', 'D07', 'D08', 'D12']);
	}, 300_000);

	it('leaves no secret in what it wrote', () => {
		const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? (e.name.startsWith('.') ? [] : files(join(dir, e.name))) : [join(dir, e.name)]));
		const everything = files(demo.out).map((f) => readFileSync(f).toString('latin1')).join('\n') + demo.n8n.log();
		expect(existsSync(join(demo.out, 'ledger.csv'))).toBe(true);
		expect(everything).not.toContain('demo-private-key');
		expect(everything).not.toContain('demo-api-token');
	});
}
