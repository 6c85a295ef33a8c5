import { kpis, kpiText, ledgerCsv, letterLines, type EventLine } from '../../../demo/report';
import { safeCell } from '../../../demo/csv';
import { report60 } from '../../../demo/report60';
import { loadScenario } from '../../../demo/scenario';
import { join } from 'node:path';
import type { LedgerRow } from '../../../lib/dunning/model';
import { dataErrorRow, eventRow, plannedRow, resultRow } from '../../../lib/dunning/record';

const plan = (i: number) => ({
	asOf: '2026-05-10',
	debtorId: `D${i}`,
	step: 'formalNotice',
	channel: 'lre',
	reference: `MED-D${i}-0000000${i % 10}`,
	invoiceNumbers: [`F-${i}`],
	amountDue: 100 + i,
});
const sent = (i: number): LedgerRow[] => [plannedRow(plan(i)), resultRow(plan(i), { letterId: String(100 + i) })];
const failed = (i: number): LedgerRow[] => [plannedRow(plan(i)), resultRow(plan(i), { error: 'AR24 down' })];
const event = (i: number, kind: EventLine['event'], delay: number | null = null): EventLine => ({
	event: kind,
	letterId: String(100 + i),
	reference: plan(i).reference,
	eventDate: null,
	acceptanceDelayHours: delay,
	proof: { fileName: `p${i}.pdf`, sha256: `h${i}` },
});
const outcome = (i: number, kind: EventLine['event']) =>
	eventRow({
		event: kind,
		letterId: String(100 + i),
		reference: plan(i).reference,
		eventDate: '2026-05-11T10:00:00+02:00',
	});

describe('demo report', () => {
	it('one line per letter with its latest state and its proof', () => {
		const ledger = [...sent(1), outcome(1, 'accepted')];
		const lines = letterLines(ledger, [event(1, 'accepted', 5)]);
		expect(lines.map((l) => [l.debtorId, l.state, l.sentOn, l.proofFile])).toEqual([
			['D1', 'accepted', '2026-05-10', 'p1.pdf'],
		]);
		expect(ledgerCsv(lines).split('\r\n')[1]).toBe(
			'D1,MED-D1-00000001,formalNotice,lre,F-1,2026-05-10,accepted,101,101,,p1.pdf,h1,',
		);
	});

	it('computes the KPIs and raises the alert above 1 % technical failures only', () => {
		const ledger = [
			...sent(1),
			...sent(2),
			...sent(3),
			...sent(4),
			outcome(1, 'accepted'),
			outcome(2, 'accepted'),
			outcome(3, 'refused'),
			outcome(4, 'bounced'),
		];
		const events = [event(1, 'accepted', 4), event(2, 'accepted', 8), event(3, 'refused'), event(4, 'bounced')];
		expect(kpis(ledger, events, 0)).toMatchObject({
			lettersSent: 4,
			deliverability: 75,
			refusalNegligenceRate: 25,
			meanAcceptanceDelayHours: 6,
			technicalFailureRate: 0,
			alert: null,
		});
		const many = [...ledger, ...Array.from({ length: 45 }, (_, i) => sent(10 + i)).flat(), ...failed(99)];
		const k = kpis(many, events, 0);
		expect(k.technicalFailureRate).toBe(2);
		expect(k.alert).toContain('above 1 %');
		expect(kpiText(k)).toContain('ALERT');
		const withDataError = kpis(
			[...ledger, dataErrorRow({ error: 'bad row', details: { debtorId: 'D98', asOf: '2026-05-10' } })],
			events,
			0,
		);
		expect(withDataError).toMatchObject({ technicalFailures: 0, dataErrors: 1, alert: null });
	});

	it('counts paper letters posted through LRE Send (Maileva) and their outcomes, and each post as a send attempt', () => {
		const paper = (i: number) => ({ ...plan(i), channel: 'paper', reference: `LRAR-D${i}-0000000${i % 10}` });
		const posted = (i: number): LedgerRow[] => [
			plannedRow(paper(i)),
			resultRow(paper(i), { letterId: `2c9f1e0a-${i}`, type: 'postal', state: 'pending' }),
		];
		const postal = (i: number, kind: EventLine['event']) =>
			eventRow({
				event: kind,
				letterId: `2c9f1e0a-${i}`,
				reference: paper(i).reference,
				eventDate: '2026-05-13T10:00:00+02:00',
				letter: { type: 'postal' },
			});
		// 1 delivered with its acknowledgement of receipt, 1 refused, 1 still on its way, 1 whose posting failed.
		const ledger = [
			...sent(1),
			...posted(2),
			postal(2, 'accepted'),
			...posted(3),
			postal(3, 'refused'),
			...posted(4),
			plannedRow(paper(5)),
			resultRow(paper(5), { error: 'Maileva down' }),
		];
		const k = kpis(ledger, [], 0);
		expect(k).toMatchObject({
			paperLetters: 4,
			paperSent: 3,
			paperDelivered: 1,
			paperUndelivered: 1,
			lettersSent: 1,
			sendAttempts: 5,
			technicalFailures: 1,
		});
		expect(kpiText(k)).toContain(
			'Paper registered letters posted (Maileva): 3 (4 needed; 1 delivered with acknowledgement of receipt, 1 returned undelivered)',
		);
		// A ledger written before paper letters were posted: "paperNeeded" is a letter needed, not posted.
		const legacy = kpis([{ ...plannedRow(paper(6)), state: 'paperNeeded' }], [], 0);
		expect(legacy).toMatchObject({ paperLetters: 1, paperSent: 0, sendAttempts: 0 });
	});

	it('the 60-day report shows a posted paper letter as a formal notice by post, and its delivery with the acknowledgement of receipt', () => {
		const paper = { ...plan(6), debtorId: 'D06', asOf: '2026-05-10', channel: 'paper', reference: 'LRAR-D06-00000006' };
		const ledger = [
			plannedRow(paper),
			resultRow(paper, { letterId: '2c9f1e0a-6', type: 'postal', state: 'pending' }),
			eventRow({
				event: 'accepted',
				letterId: '2c9f1e0a-6',
				reference: paper.reference,
				eventDate: '2026-05-13T09:00:00+02:00',
				letter: { type: 'postal' },
				proof: { fileName: 'LRE_AccuseReception_LucasBlanc_2026-05-13_2c9f1e0a-6.pdf' },
			}),
		];
		const page = report60(
			loadScenario(join(__dirname, '..', '..', '..')),
			60,
			ledger,
			kpis(ledger, [], 0),
			'2026-06-15T18:00:00Z',
		);
		const d06 = page.debtors.find((d) => d.debtorId === 'D06')?.events.filter((e) => e.reference === paper.reference);
		expect(d06?.map((e) => [e.date, e.kind, e.channel, e.label])).toEqual([
			['2026-05-10', 'formalNotice', 'paper', 'Formal notice by postal registered letter (Maileva) (F-6)'],
			[
				'2026-05-13',
				'outcome',
				'paper',
				'Formal notice delivered (acknowledgement of receipt) — proof LRE_AccuseReception_LucasBlanc_2026-05-13_2c9f1e0a-6.pdf',
			],
		]);
		expect(page.days.find((d) => d.date === '2026-05-10')?.sent.formalNotice).toBe(1);
		expect(page.kpis.find((k) => k.label === 'Paper registered letters posted (Maileva)')).toMatchObject({
			value: '1',
			detail: '(1 needed; 1 delivered with acknowledgement of receipt, 0 returned undelivered)',
		});
	});

	it('neutralises spreadsheet formulas in the CSV it writes (OWASP), and quotes a lone carriage return', () => {
		expect(safeCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
		for (const start of ['+', '-', '@', '\t']) expect(safeCell(`${start}1+1`).replace(/^"|"$/g, '')).toMatch(/^'/);
		expect(safeCell('a\rb')).toBe('"a\rb"');
		expect(safeCell('\rcmd')).toBe(`"'\rcmd"`);
		expect(safeCell('Œuvre & Cie')).toBe('Œuvre & Cie');
	});
});
