/**
 * The demo pipeline (what `npm run demo` runs) in a real n8n 2.x, asserted (used by demo.e2e.test.ts and, in queue
 * mode, queue.e2e.test.ts): every debtor's step and outcome, each
 * proof archived with the sandbox's hash and a metadata file, the notices sent being the ones generated, the ledger
 * complete (in n8n's Data Table), the KPIs, the reminder e-mails and the alerts in the SMTP inbox, a second run
 * that sends no new letter but posts the bounced one, and the paper letters — the individual without consent and
 * the bounced LRE — posted on the Maileva sandbox with their acknowledgement of receipt archived.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../devtools/n8n';
import { ALERT_EMAIL, startDemo, type Demo, type DemoReport } from '../../demo/run';
import { tempDir } from '../helpers/sandbox';

type SandboxLetter = {
	id: number;
	ref_dossier: string;
	proofs: Record<string, { sha256: string }>;
	mail?: { attachments_details?: Array<{ id: number }> };
};

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
/** The whole demo suite, on one n8n process or in queue mode (main + Redis + two workers + webhook processor). */
export function demoSuite({ queue }: { queue: boolean }): void {
	let demo: Demo;
	let report: DemoReport;
	/** The report after the first run, before the next morning's. */
	let first: DemoReport;

	beforeAll(async () => {
		demo = await startDemo({
			out: join(tempDir('lre-demo-'), 'demo-output'),
			port: await freePort(),
			queue,
			log: () => undefined,
		});
		await demo.runPipeline();
		await demo.settleLetters();
		first = await demo.report();
		// What `npm run demo` does next: the next morning's run (the bounced LRE goes by post), then La Poste's answer.
		await demo.runPipeline();
		await demo.advance('4d');
		report = await demo.report();
	}, 900_000);

	afterAll(async () => {
		await demo?.stop();
	}, 120_000);

	if (queue) {
		it('ran the pipeline and every status event on the workers', () => {
			// Two pipeline executions and one per status event (six letters), each started by a worker.
			expect((demo.n8n.log().match(/Worker started execution/g) ?? []).length).toBeGreaterThanOrEqual(8);
		});
	}

	const letters = async () => (await (await fetch(`${demo.sandbox.url()}/_sandbox/letters`)).json()) as SandboxLetter[];
	const letterOf = (id: string) => report.letters.find((l) => l.debtorId === id);

	it('plans the right step for each debtor (Dunning Plan) and reaches each sandbox outcome', () => {
		const summary = Object.fromEntries(first.letters.map((l) => [l.debtorId, `${l.step}/${l.channel}/${l.state}`]));
		expect(summary).toEqual({
			D02: 'firstReminder/email/sent',
			D03: 'secondReminder/email/sent',
			D04: 'formalNotice/lre/accepted',
			D05: 'formalNotice/lre/refused',
			D06: 'formalNotice/lre/negligence',
			D07: 'formalNotice/lre/bounced',
			D08: 'formalNotice/lre/accepted',
			// an individual without recorded consent: a postal registered letter on Maileva, no call to AR24;
			// La Poste's acknowledgement of receipt is back (the clock jumped 16 days)
			D09: 'formalNotice/paper/accepted',
			D12: 'formalNotice/lre/accepted',
			D14: 'firstReminder/email/sent',
		});
		// D01 paid, D10 disputed, D13 promise to pay, D15 not yet due, D16 D+3: no letter, so no ledger row;
		// D11's e-mail address cannot be read: a data error, nothing planned for it.
		expect(first.ledger.filter((r) => r.state === 'dataError').map((r) => [r.debtorId, r.error])).toEqual([
			['D11', expect.stringContaining('column "debtor_email" is "compta@faure", not an e-mail address')],
		]);
		// D05's three overdue invoices share one formal notice; D12's second invoice is not yet at D+30.
		expect(letterOf('D05')?.invoices).toBe('F-2026-0105, F-2026-0106, F-2026-0107');
		expect(letterOf('D12')?.invoices).toBe('F-2026-0114');
	});

	it('archives each proof with the sandbox hash and a metadata file; the letter carried the generated notice', async () => {
		const atSandbox = await letters();
		expect(atSandbox).toHaveLength(6);
		for (const r of first.letters.filter((x) => x.letterId && x.channel === 'lre')) {
			const letter = atSandbox.find((l) => String(l.id) === r.letterId) as SandboxLetter;
			expect(letter.ref_dossier).toBe(r.reference);
			const proof = readFileSync(join(demo.out, 'proofs', r.proofFile));
			expect(r.proofFile).toMatch(/^LRE_(AccuseReception|Refus|Negligence|Rebond)_.+\.pdf$/);
			expect(Object.values(letter.proofs).map((p) => p.sha256)).toContain(sha256(proof));
			expect(r.proofSha256).toBe(sha256(proof));
			const metadata = JSON.parse(
				readFileSync(join(demo.out, 'proofs', r.proofFile.replace(/\.pdf$/, '.json')), 'utf8'),
			);
			expect(metadata).toMatchObject({
				letterId: r.letterId,
				reference: r.reference,
				event: r.state,
				proof: { sha256: sha256(proof) },
			});
			expect(metadata.timestamps.sentAt).toBeTruthy();
			// The PDF attached to the letter is the notice the Notice Generator wrote (its SHA-256 is in the ledger).
			const detail = (await (
				await fetch(`${demo.sandbox.url()}/_sandbox/letters/${letter.id}`)
			).json()) as SandboxLetter;
			const attachmentId = detail.mail?.attachments_details?.[0]?.id;
			expect(sha256(demo.sandbox.store.readBlob(`attachments/${attachmentId}.bin`) as Buffer)).toBe(r.noticeSha256);
			expect(
				readdirSync(join(demo.out, 'notices')).map((f) => sha256(readFileSync(join(demo.out, 'notices', f)))),
			).toContain(r.noticeSha256);
		}
	});

	it('keeps the ledger in an n8n Data Table and writes ledger.csv and the KPIs of the seed article', () => {
		const csv = readFileSync(join(demo.out, 'ledger.csv'), 'utf8').trim().split('\r\n');
		expect(csv[0]).toBe(
			'debtorId,reference,step,channel,invoices,sentOn,state,letterId,amount,noticeSha256,proofFile,proofSha256,error',
		);
		expect(csv).toHaveLength(report.letters.length + 1);
		expect(report.letters.filter((l) => l.channel === 'paper').map((l) => `${l.debtorId} ${l.state}`)).toEqual([
			'D07 accepted',
			'D09 accepted',
		]);
		// each letter: a "planned" row before sending, then its result, then its outcome
		const d04 = report.ledger.filter((r) => r.reference === letterOf('D04')?.reference).map((r) => r.state);
		expect(d04).toEqual(expect.arrayContaining(['planned', 'sent', 'accepted']));
		expect(first.kpis).toMatchObject({
			lettersSent: 6,
			bounced: 1,
			accepted: 3,
			refusedOrNeglected: 2,
			deliverability: 83.33,
			refusalNegligenceRate: 33.33,
			technicalFailureRate: 0,
			paperLetters: 1,
			paperSent: 1,
			paperDelivered: 1,
			sendAttempts: 10,
			dataErrors: 1,
			alert: null,
		});
		// After the next morning's run: the bounced LRE posted too, both delivered with an acknowledgement of receipt.
		expect(report.kpis).toMatchObject({
			lettersSent: 6,
			bounced: 1,
			paperLetters: 2,
			paperSent: 2,
			paperDelivered: 2,
			paperUndelivered: 0,
			sendAttempts: 11,
			technicalFailureRate: 0,
		});
		expect(report.text).toContain(
			'Paper registered letters posted (Maileva): 2 (2 needed; 2 delivered with acknowledgement of receipt, 0 returned undelivered)',
		);
		expect(report.kpis.meanAcceptanceDelayHours).toBeGreaterThan(0);
		expect(report.text).toContain('Technical failure rate: 0 %');
	});

	it('e-mails the reminders with their PDF, and tells the credit manager what was not sent', async () => {
		const emails = (await (await fetch(`${demo.inbox}/api/email`)).json()) as Array<{
			subject: string;
			to: Array<{ address: string }>;
			attachments?: Array<{ fileName?: string; filename?: string }>;
		}>;
		const toDebtors = emails.filter((e) => e.to[0].address !== ALERT_EMAIL);
		expect(toDebtors.map((e) => e.to[0].address).sort()).toEqual([
			'factures@garage-petit.example',
			'gestion@librairie-moreau.example',
			'lucas.blanc@example.org',
		]);
		for (const email of toDebtors)
			expect((email.attachments ?? []).map((a) => a.fileName ?? a.filename)).toEqual([
				expect.stringMatching(/^Notice_Relance[12]_.+\.pdf$/),
			]);
		expect(toDebtors.find((e) => e.to[0].address.startsWith('gestion'))?.subject).toMatch(/^Deuxième relance/);
		const alerts = emails
			.filter((e) => e.to[0].address === ALERT_EMAIL)
			.map((e) => e.subject)
			.sort();
		// The data error, once per run; a paper letter is posted, not handed over to the credit manager.
		expect(alerts).toEqual([
			expect.stringMatching(/^Dunning: a letter was NOT sent \(DATA-D11-2026-06-15\)$/),
			expect.stringMatching(/^Dunning: a letter was NOT sent \(DATA-D11-2026-06-15\)$/),
		]);
	});

	it("the next morning's run sends no new LRE or e-mail; the bounced formal notice goes by post", async () => {
		expect(await letters()).toHaveLength(6);
		const added = report.ledger.slice(first.ledger.length).filter((r) => r.state !== 'dataError' && r.step);
		expect(added.map((r) => `${r.debtorId} ${r.step} ${r.channel} ${r.state}`)).toEqual([
			'D07 formalNotice paper planned',
			'D07 formalNotice paper sent',
		]);
		expect(added[0].reference).toMatch(/^LRAR-D07-[0-9A-F]{8}$/);
	});

	it('posts both paper letters on the Maileva sandbox once, the notice PDF printed, and archives their acknowledgement of receipt', async () => {
		const posted = await demo.mailevaLetters();
		const paper = report.letters.filter((l) => l.channel === 'paper');
		// One sending per paper letter, under its case reference: the re-run posted nothing twice.
		expect(posted.map((l) => l.sending.custom_id).sort()).toEqual(paper.map((l) => l.reference).sort());
		for (const letter of paper) {
			const { sending, recipient } = posted.find(
				(l) => l.sending.custom_id === letter.reference,
			) as (typeof posted)[number];
			expect(letter.letterId).toBe(sending.id);
			expect(recipient?.acknowledgement_of_receipt_date).toBeTruthy();
			// Printed with the debtor's name line above the address of the data (debtor_address).
			expect(recipient?.address_line_6).toMatch(/^69\d{3} /);
			// The proof archive holds La Poste's acknowledgement of receipt under the AR24 proofs' naming, with its metadata.
			// Named after the recipient line: a company (line 1) or a person (line 2 of a Maileva address).
			expect(letter.proofFile).toMatch(
				letter.debtorId === 'D09'
					? /^LRE_AccuseReception_PaulLefebvre_.+\.pdf$/
					: /^LRE_AccuseReception_HotelGirardSas_.+\.pdf$/,
			);
			const proof = readFileSync(join(demo.out, 'proofs', letter.proofFile));
			expect(proof.subarray(0, 5).toString()).toBe('%PDF-');
			expect(letter.proofSha256).toBe(sha256(proof));
			const metadata = JSON.parse(
				readFileSync(join(demo.out, 'proofs', letter.proofFile.replace(/\.pdf$/, '.json')), 'utf8'),
			);
			expect(metadata).toMatchObject({
				letterId: sending.id,
				reference: letter.reference,
				event: 'accepted',
				provider: 'maileva',
				proof: { sha256: sha256(proof) },
			});
			// The letter printed is a notice the Notice Generator wrote (its SHA-256 is in the ledger).
			expect(
				readdirSync(join(demo.out, 'notices')).map((f) => sha256(readFileSync(join(demo.out, 'notices', f)))),
			).toContain(letter.noticeSha256);
		}
	});

	it('leaves no secret in what it wrote', () => {
		const files = (dir: string): string[] =>
			readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
				e.isDirectory() ? (e.name.startsWith('.') ? [] : files(join(dir, e.name))) : [join(dir, e.name)],
			);
		const everything =
			files(demo.out)
				.map((f) => readFileSync(f).toString('latin1'))
				.join('\n') + demo.n8n.log();
		expect(existsSync(join(demo.out, 'ledger.csv'))).toBe(true);
		expect(everything).not.toContain('demo-private-key');
		expect(everything).not.toContain('demo-api-token');
	});
}
