/**
 * The Notice Generator engine, usable without n8n: data in → checked letter, PDF, SHA-256, archive file name.
 */
import { createHash } from 'crypto';
import { archiveFileName } from '../letter/archive';
import { composeNotice, enclosurePhrase, type ComposedLetter, type Enclosure } from './compose';
import { ecbRatesOnline, EcbRateError, type HttpGet } from './ecb';
import { longDate, money, shortDate } from './format';
import { KIND_WORD, NoticeInputError, type NoticeInput } from './model';
import { computePenalties, type PenaltyInput, type PenaltyResult } from './penalties';
import { renderPdf, type RenderOptions } from './pdf';
import { MissingRateError, type RateOverrides } from './rates';

export interface GeneratedNotice {
	pdf: Buffer;
	sha256: string;
	fileName: string;
	subject: string;
	/** The same letter as plain text (for a reminder sent by e-mail). */
	text: string;
	amounts: ComposedLetter['amounts'];
	penalties: ComposedLetter['penalties'];
	check: ComposedLetter['check'];
	pages: number;
	/** What should travel with the letter: copies of the invoices, the terms of sale when a contractual rate is used. */
	enclosures: Enclosure[];
}

export interface GenerateOptions extends RenderOptions {
	/** Opt-in: fetch ECB rates the table lacks from the ECB Data Portal (B2B); cached per process. */
	ecbOnline?: EcbOnline;
}

export interface EcbOnline {
	get: HttpGet;
	/** Default: the ECB Data Portal series of the MRO (tests: a loopback server). */
	baseUrl?: string;
	/** Today (YYYY-MM-DD): a half-year that has not begun has no rate yet. */
	today: string;
}

/**
 * The rate overrides completed with the ECB rates the computation still lacks, fetched online. Stops with the
 * usual missing-rate error (naming the half-year and the override) if the portal cannot give one.
 */
export async function withOnlineEcbRates(
	penalty: PenaltyInput,
	online: EcbOnline,
): Promise<{ rates: RateOverrides | undefined; fetched: Record<string, number> }> {
	let rates = penalty.rates;
	const fetched: Record<string, number> = {};
	for (let attempt = 0; attempt < 40; attempt++) {
		try {
			computePenalties({ ...penalty, rates });
			return { rates, fetched };
		} catch (error) {
			if (!(error instanceof MissingRateError) || error.table !== 'ecb') return { rates, fetched };
			const got = await ecbRatesOnline([error.halfYear], online.get, {
				baseUrl: online.baseUrl,
				today: online.today,
			}).then(
				(found) => found,
				(failure: unknown) =>
					new MissingRateError(
						'ecb',
						error.halfYear,
						failure instanceof EcbRateError ? failure.message : String(failure),
					),
			);
			if (got instanceof MissingRateError) throw got;
			Object.assign(fetched, got);
			rates = { ...(rates ?? {}), ecb: { ...(rates?.ecb ?? {}), ...got } };
		}
	}
	return { rates, fetched };
}

/** computePenalties, with the ECB rates the table lacks fetched online when asked to. */
export async function computePenaltiesOnline(penalty: PenaltyInput, online?: EcbOnline): Promise<PenaltyResult> {
	if (!online) return computePenalties(penalty);
	const { rates, fetched } = await withOnlineEcbRates(penalty, online);
	const result = computePenalties({ ...penalty, rates });
	for (const [halfYear, percent] of Object.entries(fetched))
		result.warnings.push(
			`ECB rate ${halfYear} = ${percent} % taken from the ECB Data Portal (not in the built-in table).`,
		);
	return result;
}

/**
 * The letter as plain text (the body of a reminder sent by e-mail): the creditor's identity and registry mentions,
 * place and date, reference, subject, the words of the PDF, the invoice table as lines with days late, totals, the
 * penalty calculation, payments received, signature and enclosures.
 */
export function plainText(letter: ComposedLetter): string {
	const l = letter.language;
	const c = letter.input.creditor;
	const colon = l === 'fr' ? '\u00a0: ' : ': ';
	const header = [
		c.name.trim(),
		letter.registry,
		...c.address
			.split('\n')
			.map((x) => x.trim())
			.filter(Boolean),
		[c.email?.trim(), c.phone?.trim()].filter(Boolean).join(' – '),
	].filter(Boolean);
	const when =
		l === 'fr'
			? `${letter.input.place.trim()}, le ${longDate('fr', letter.input.date)}`
			: `${letter.input.place.trim()}, ${longDate('en', letter.input.date)}`;
	const meta = [
		when,
		`${l === 'fr' ? 'Réf.' : 'Ref.'}${colon}${letter.input.reference.trim()}`,
		`${l === 'fr' ? 'Objet' : 'Subject'}${colon}${letter.subject}`,
	];
	const rows = letter.rows.map(
		(r) =>
			`- ${r.number} (${l === 'fr' ? 'échéance' : 'due'} ${shortDate(l, r.dueDate)}, ${r.daysLate}\u00a0${l === 'fr' ? 'j de retard' : 'd late'})${colon}${money(l, r.amount)}, ${l === 'fr' ? 'réglé' : 'paid'} ${money(l, r.paid)}, ${l === 'fr' ? 'restant dû' : 'outstanding'} ${money(l, r.outstanding)}`,
	);
	const totals = letter.totals.map(([name, value]) => `${name}${colon}${value}`);
	const detail = letter.penaltyDetail.length
		? [
				`${l === 'fr' ? 'Détail du calcul' : 'Calculation'}${colon.trimEnd()}`,
				...letter.penaltyDetail.map((d) => `  ${d}`),
			]
		: [];
	const signature = [c.signatoryName?.trim(), c.signatoryTitle?.trim(), c.name.trim()].filter(Boolean);
	const enclosures = letter.enclosures.length
		? [`${l === 'fr' ? 'Pièces jointes' : 'Enclosures'}${colon}${enclosurePhrase(l, letter.enclosures, letter.annex)}`]
		: [];
	return [
		header.join('\n'),
		meta.join('\n'),
		letter.salutation,
		...letter.before,
		[...rows, ...totals].join('\n'),
		...[detail.join('\n'), letter.notes.join('\n')].filter(Boolean),
		...letter.after,
		letter.closing,
		signature.join('\n'),
		...enclosures,
	].join('\n\n');
}

function pageCount(pdf: Buffer): number {
	const match = /\/Type \/Pages\s*\/Count (\d+)/.exec(pdf.toString('latin1'));
	return match ? Number(match[1]) : 1;
}

export async function generateNotice(input: NoticeInput, options: GenerateOptions = {}): Promise<GeneratedNotice> {
	let fetched: Record<string, number> = {};
	if (
		options.ecbOnline &&
		input?.kind !== 'firstReminder' &&
		input?.debtor?.type === 'professional' &&
		Array.isArray(input.invoices)
	) {
		const completed = await withOnlineEcbRates(
			{
				debtorType: 'professional',
				creditorType: input.creditor?.type,
				invoices: input.invoices.map((i) => ({ ...i, number: String(i?.number ?? '') })),
				asOf: input.date,
				contractualRate: input.contractualRate,
				rates: input.rates,
			},
			options.ecbOnline,
		).then(
			(done) => done,
			(error: unknown) =>
				error instanceof MissingRateError
					? new NoticeInputError([error.message])
					: error instanceof Error
						? error
						: new Error(String(error)),
		);
		if (completed instanceof Error) throw completed;
		fetched = completed.fetched;
		input = { ...input, rates: completed.rates };
	}
	const letter = composeNotice(input);
	for (const [halfYear, percent] of Object.entries(fetched))
		letter.check.warnings.push(
			`ECB rate ${halfYear} = ${percent} % taken from the ECB Data Portal (not in the built-in table).`,
		);
	const pdf = await renderPdf(letter, options);
	return {
		pdf,
		sha256: createHash('sha256').update(pdf).digest('hex'),
		fileName: archiveFileName(
			KIND_WORD[input.kind],
			input.debtor.name,
			input.date,
			input.kind === 'formalNotice' ? 'LRE' : 'Notice',
		),
		subject: letter.subject,
		text: plainText(letter),
		amounts: letter.amounts,
		penalties: letter.penalties,
		check: letter.check,
		pages: pageCount(pdf),
		enclosures: letter.enclosures,
	};
}
