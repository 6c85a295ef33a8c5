import { debtorRows, kpis, kpiText, ledgerCsv, type EventLine, type LedgerLine } from '../../../demo/report';

const sent = (i: number): LedgerLine => ({ debtorId: `D${i}`, debtor: `Debtor ${i}`, step: 'formalNotice', channel: 'lre', state: 'sent', letterId: String(100 + i), reference: `MED-${i}` });
const event = (i: number, kind: EventLine['event'], delay: number | null = null): EventLine => ({ event: kind, letterId: String(100 + i), reference: `MED-${i}`, eventDate: null, acceptanceDelayHours: delay, proof: { fileName: `p${i}.pdf`, sha256: `h${i}` } });

describe('demo report', () => {
	it('merges each letter with its last status event and keeps the line that sent it across re-runs', () => {
		const rows = debtorRows([sent(1), { ...sent(1), state: 'already sent' }, { debtorId: 'D2', debtor: 'B', step: 'none', state: 'paid' }], [event(1, 'accepted', 5)]);
		expect(rows.map((r) => [r.debtorId, r.state, r.finalState, r.proofFile])).toEqual([
			['D1', 'sent', 'accepted', 'p1.pdf'],
			['D2', 'paid', 'paid', ''],
		]);
		expect(ledgerCsv(rows).split('\n')[1]).toBe('D1,Debtor 1,formalNotice,lre,MED-1,101,sent,accepted,,p1.pdf,h1,,');
	});

	it('computes the KPIs and raises the alert above 1 % technical failures only', () => {
		const ledger = [sent(1), sent(2), sent(3), sent(4)];
		const events = [event(1, 'accepted', 4), event(2, 'accepted', 8), event(3, 'refused'), event(4, 'bounced')];
		const ok = kpis(debtorRows(ledger, events), events, 0);
		expect(ok).toMatchObject({ lettersSent: 4, deliverability: 75, refusalNegligenceRate: 25, meanAcceptanceDelayHours: 6, technicalFailureRate: 0, alert: null });
		const failing = [...ledger, ...Array.from({ length: 45 }, (_, i) => sent(10 + i)), { ...sent(99), letterId: undefined, state: 'error', technical: true }];
		const k = kpis(debtorRows(failing, events), events, 0);
		expect(k.technicalFailureRate).toBe(2);
		expect(k.alert).toContain('above 1 %');
		expect(kpiText(k)).toContain('ALERT');
		const dataError = kpis(debtorRows([...ledger, { ...sent(98), letterId: undefined, state: 'error', technical: false }], events), events, 0);
		expect(dataError).toMatchObject({ technicalFailures: 0, dataErrors: 1, alert: null });
	});
});
