/**
 * `npm run demo -- --days 60` in a real n8n 2.x on the AR24 sandbox: 60 consecutive business days of the
 * scenario (payments, a dispute opened then resolved, a lapsed promise, a new invoice after a formal notice, an
 * individual without consent, a bounce, a data error fixed later). Each debtor gets exactly the letters the policy
 * demands — the same as the in-process policy test — and the sandbox never holds two letters with one reference;
 * the two paper letters are posted on the sandbox's Maileva side and come back with an acknowledgement of receipt.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../devtools/n8n';
import { runDays, startDemo, type Demo, type DemoReport } from '../../demo/run';
import { loadScenario } from '../../demo/scenario';
import { simulate, timelines } from '../helpers/dunningSim';
import { tempDir } from '../helpers/sandbox';
import { writeFileSync } from 'node:fs';
import { addDays, todayInParis } from '../../lib/time';
import { ECB_MRO } from '../../lib/notice/rates';
import { csvOf } from '../../demo/scenario';

describe('the dunning pipeline over 60 days in a real n8n (npm run demo -- --days 60)', () => {
	let demo: Demo;
	let report: DemoReport;
	const scenario = loadScenario(join(__dirname, '..', '..'));

	beforeAll(async () => {
		demo = await startDemo({
			out: join(tempDir('lre-demo60-'), 'demo-output'),
			port: await freePort(),
			log: () => undefined,
			startDay: scenario.start,
		});
		await runDays(demo, 60, () => undefined);
		report = await demo.report();
	}, 900_000);

	afterAll(async () => {
		await demo?.stop();
	}, 120_000);

	it('sent each debtor exactly the letters the policy demands (the in-process policy run, day by day)', () => {
		const inN8n: Record<string, string[]> = {};
		for (const l of report.letters)
			(inN8n[l.debtorId] ??= []).push(`${l.sentOn} ${l.step} ${l.channel} ${l.invoices.replace(/, /g, '+')}`);
		expect(inN8n).toEqual(timelines(simulate().sent));
		// nothing after a payment; the lapsed promise resumed; the paper letters
		expect(inN8n.D01).toEqual(['2026-04-25 firstReminder email F-2026-0201']);
		expect(inN8n.D04.at(-1)).toBe('2026-05-16 formalNotice lre F-2026-0204');
		expect(inN8n.D06.at(-1)).toBe('2026-05-10 formalNotice paper F-2026-0207');
	});

	it('reached the sandbox outcomes and recorded them in the ledger', () => {
		const outcome = Object.fromEntries(
			report.letters.filter((l) => l.channel === 'lre').map((l) => [l.debtorId, l.state]),
		);
		expect(outcome).toEqual({
			D02: 'accepted',
			D03: 'accepted',
			D04: 'refused',
			D05: 'negligence',
			D07: 'accepted',
			D08: 'bounced',
			D09: 'accepted',
			D11: 'accepted',
		});
		for (const l of report.letters.filter((x) => x.channel === 'lre')) expect(l.proofFile).toMatch(/\.pdf$/);
		// The individual without consent and the bounced LRE: posted by Maileva, delivered, the acknowledgement archived.
		const paper = report.letters.filter((l) => l.channel === 'paper');
		expect(paper.map((l) => `${l.debtorId} ${l.sentOn} ${l.state}`)).toEqual([
			'D06 2026-05-10 accepted',
			'D08 2026-05-06 accepted',
		]);
		for (const l of paper)
			expect(
				readFileSync(join(demo.out, 'proofs', l.proofFile))
					.subarray(0, 5)
					.toString(),
			).toBe('%PDF-');
		for (const l of paper) expect(l.proofFile).toMatch(/^LRE_AccuseReception_.+\.pdf$/);
		expect(report.kpis).toMatchObject({ paperLetters: 2, paperSent: 2, paperDelivered: 2, paperUndelivered: 0 });
	});

	it('asked the sandbox for no LRE to the individual without consent, and none twice', async () => {
		const mails = readdirSync(join(demo.out, '.sandbox-data', 'mails')).map(
			(f) =>
				JSON.parse(readFileSync(join(demo.out, '.sandbox-data', 'mails', f), 'utf8')) as {
					ref_dossier: string;
					to_email: string;
				},
		);
		const refs = mails.map((m) => m.ref_dossier);
		expect(new Set(refs).size).toBe(refs.length);
		expect(mails).toHaveLength(8);
		expect(mails.some((m) => m.to_email === 'lucas.blanc@example.org')).toBe(false);
		// no debtor has two formal notices for the same invoices
		const notices = report.letters
			.filter((l) => l.step === 'formalNotice' && l.channel === 'lre')
			.map((l) => `${l.debtorId}:${l.invoices}`);
		expect(new Set(notices).size).toBe(notices.length);
		// Maileva: one sending per paper letter, never two under one reference.
		const posted = (await demo.mailevaLetters()).map((l) => String(l.sending.custom_id));
		expect(posted.sort()).toEqual(
			report.letters
				.filter((l) => l.channel === 'paper')
				.map((l) => l.reference)
				.sort(),
		);
	});

	it('said where the user looks that a debtor could not be planned: ledger rows, KPIs, the alert e-mail', async () => {
		const errors = report.ledger.filter((r) => r.state === 'dataError');
		expect(errors).toHaveLength(18);
		for (const row of errors) {
			expect(row).toMatchObject({ debtorId: 'D11' });
			expect(row.businessDate >= '2026-04-17' && row.businessDate <= '2026-05-04').toBe(true);
			expect(row.error).toContain('column "debtor_email" is "compta@faure", not an e-mail address');
		}
		expect(report.kpis.dataErrors).toBe(18);
		const emails = (await (await fetch(`${demo.inbox}/api/email`)).json()) as Array<{
			subject: string;
			to: Array<{ address: string }>;
		}>;
		const alerts = emails.filter((e) => e.to[0].address === 'credit-manager@acme-industries.example');
		expect(alerts.filter((e) => /NOT sent/.test(e.subject))).toHaveLength(18);
		// Paper letters are posted, not handed over: no "paper letter needed" e-mail any more.
		expect(alerts).toHaveLength(18);
	});

	it('running a day again sends nothing new', async () => {
		const before = report.ledger.filter((r) => r.state === 'sent').length;
		const mails = readdirSync(join(demo.out, '.sandbox-data', 'mails')).length;
		const posted = (await demo.mailevaLetters()).length;
		await demo.runPipeline('2026-05-10', join(demo.out, 'invoices.csv'));
		await demo.runPipeline('2026-06-15', join(demo.out, 'invoices.csv'));
		const after = await demo.ledger();
		expect(after.filter((r) => r.state === 'sent')).toHaveLength(before);
		expect(readdirSync(join(demo.out, '.sandbox-data', 'mails'))).toHaveLength(mails);
		expect(await demo.mailevaLetters()).toHaveLength(posted);
	}, 300_000);

	it('on the clock of today: the first reminder goes out, a formal notice needing an unsourced rate fails where the user looks', async () => {
		const today = todayInParis();
		const half = `${today.slice(0, 4)}-H${Number(today.slice(5, 7)) <= 6 ? 1 : 2}`;
		const row = (id: string, due: string, extra: Record<string, string> = {}) => ({
			invoice_number: `T-${id}`,
			debtor_id: id,
			debtor_name: `Client ${id} SAS`,
			debtor_type: 'professional',
			language: 'fr',
			debtor_email: `compta+accept@${id.toLowerCase()}.example`,
			debtor_siren: '412345671',
			debtor_address: '1 rue du Test | 69003 Lyon',
			contact: '',
			issue_date: addDays(due, -30),
			due_date: due,
			amount: '1000.00',
			paid: '0',
			paid_date: '',
			status: 'open',
			promise_until: '',
			reminder1_date: '',
			reminder2_date: '',
			...extra,
		});
		const file = join(demo.out, 'today.csv');
		writeFileSync(
			file,
			csvOf([
				row('T01', addDays(today, -6)),
				row('T02', addDays(today, -40), { reminder1_date: addDays(today, -35), reminder2_date: addDays(today, -25) }),
			]),
		);
		const before = (await demo.ledger()).length;
		await demo.runPipeline(today, file);
		const rows = (await demo.ledger()).slice(before);
		const result = (id: string) => rows.find((r) => r.debtorId === id && r.state !== 'planned');
		expect(result('T01')).toMatchObject({
			step: 'firstReminder',
			channel: 'email',
			state: 'sent',
			businessDate: today,
		});
		if (ECB_MRO[half]) {
			expect(result('T02')).toMatchObject({ step: 'formalNotice', state: 'sent' });
		} else {
			// No rate is guessed: the letter is not written, the ledger and the credit manager are told which one is missing.
			expect(result('T02')).toMatchObject({ step: 'formalNotice', state: 'failed' });
			expect(result('T02')?.error).toContain(half);
			const emails = (await (await fetch(`${demo.inbox}/api/email`)).json()) as Array<{
				subject: string;
				text?: string;
				to: Array<{ address: string }>;
			}>;
			expect(
				emails.filter((e) => e.subject.includes(String(result('T02')?.reference)) && /NOT sent/.test(e.subject)),
			).toHaveLength(1);
		}
	}, 300_000);
});
