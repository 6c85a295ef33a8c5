/**
 * The 60-day demo's report page (`demo-output/report.html`): the KPIs as cards, the steps sent per day, the open
 * amount and the letters' outcomes as charts, then one row per debtor with its timeline and its events.
 *
 * One self-contained HTML document: inline CSS and inline SVG, no script, no external URL, so it opens from a
 * mail attachment or a file share and prints on A4 landscape. Every text taken from the data is HTML-escaped.
 * Same input, same bytes (no clock, no randomness, stable order). Amounts are in French format (`1 234,50 €`),
 * dates in ISO (`2026-06-15`) everywhere, as in the ledger.
 */
import { money } from '../lib/notice/format';

export type StepKind = 'firstReminder' | 'secondReminder' | 'formalNotice' | 'paperLetterNeeded';
export interface TimelineEvent {
	/** YYYY-MM-DD (business date of the run). */
	date: string;
	kind:
		| StepKind
		| 'payment'
		| 'dispute'
		| 'disputeResolved'
		| 'promise'
		| 'promiseLapsed'
		| 'newInvoice'
		| 'outcome'
		| 'error';
	channel?: 'email' | 'lre' | 'ere' | 'paper';
	/** E.g. 'delivered', 'accepted', 'refused', 'negligence', 'bounced', 'failed', 'blocked: no consent'. */
	outcome?: string;
	/** Stable case reference. */
	reference?: string;
	/** Short human text, e.g. "Formal notice by LRE — accepted after 2 days". */
	label: string;
	/** Euros, for payments / claimed amounts. */
	amount?: number;
}
export interface DebtorTimeline {
	debtorId: string;
	name: string;
	type: 'professional' | 'individual';
	openAmountAtEnd: number;
	events: TimelineEvent[];
}
export interface DayStat {
	date: string;
	/** Steps taken that day (paperLetterNeeded = marked, not sent). */
	sent: Record<StepKind, number>;
	outcomes: { accepted: number; refused: number; negligence: number; bounced: number; failed: number };
	/** Letters refused or failed that day (missing rate, consent block, AR24 error…). */
	errors: number;
	/** Total still owed at the end of that day, euros. */
	openAmount: number;
}
export interface Kpi {
	label: string;
	value: string;
	detail?: string;
	alert?: boolean;
}
export interface DemoReport60 {
	title: string;
	from: string;
	to: string;
	generatedAt: string;
	days: DayStat[];
	debtors: DebtorTimeline[];
	kpis: Kpi[];
}

type EventKind = TimelineEvent['kind'];
type OutcomeKey = keyof DayStat['outcomes'];

const STEPS: StepKind[] = ['firstReminder', 'secondReminder', 'formalNotice', 'paperLetterNeeded'];
const OUTCOMES: OutcomeKey[] = ['accepted', 'refused', 'negligence', 'bounced', 'failed'];

const STEP_NAME: Record<StepKind, string> = {
	firstReminder: 'First reminder',
	secondReminder: 'Second reminder',
	formalNotice: 'Formal notice',
	paperLetterNeeded: 'Paper letter needed',
};
const KIND_NAME: Record<EventKind, string> = {
	...STEP_NAME,
	payment: 'Payment',
	dispute: 'Dispute opened',
	disputeResolved: 'Dispute resolved',
	promise: 'Promise to pay',
	promiseLapsed: 'Promise lapsed',
	newInvoice: 'New invoice',
	outcome: 'Outcome',
	error: 'Error',
};
const CHANNEL_NAME: Record<NonNullable<TimelineEvent['channel']>, string> = {
	email: 'E-mail',
	lre: 'LRE (qualified)',
	ere: 'ERE (simple)',
	paper: 'Paper',
};
const OUTCOME_NAME: Record<OutcomeKey, string> = {
	accepted: 'Accepted',
	refused: 'Refused',
	negligence: 'Not collected (negligence)',
	bounced: 'Bounced',
	failed: 'Failed',
};

const STEP_COLOR: Record<StepKind, string> = {
	firstReminder: '#8fbce8',
	secondReminder: '#3b7dd8',
	formalNotice: '#1c3468',
	paperLetterNeeded: '#e8a317',
};
const CHANNEL_COLOR: Record<NonNullable<TimelineEvent['channel']>, string> = {
	email: '#3b7dd8',
	lre: '#1c3468',
	ere: '#0c8599',
	paper: '#e8a317',
};
const OUTCOME_COLOR: Record<OutcomeKey | 'delivered' | 'blocked' | 'other', string> = {
	accepted: '#2b8a3e',
	delivered: '#74b816',
	refused: '#e03131',
	negligence: '#f08c00',
	bounced: '#9c36b5',
	failed: '#862e2e',
	blocked: '#c92a2a',
	other: '#868e96',
};
const KIND_COLOR: Record<Exclude<EventKind, StepKind | 'outcome'>, string> = {
	payment: '#2b8a3e',
	dispute: '#d9480f',
	disputeResolved: '#2b8a3e',
	promise: '#7048e8',
	promiseLapsed: '#7048e8',
	newInvoice: '#495057',
	error: '#c92a2a',
};

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Any value as text safe in HTML content and in a quoted attribute. */
const esc = (value: unknown): string => String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** A coordinate as short, stable text. */
const num = (value: number): string => {
	const rounded = Math.round(value * 100) / 100;
	return String(rounded === 0 ? 0 : rounded);
};
/** A count from the data: a finite number ≥ 0, otherwise 0. */
const count = (value: unknown): number =>
	typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
const finite = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

const euros = (amount: unknown): string => {
	const value = finite(amount);
	return value === null ? '—' : money('fr', value);
};
const WHOLE_EUROS = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
const PERCENT = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 });
const axisEuros = (amount: number): string => WHOLE_EUROS.format(amount);

const DAY_MS = 86_400_000;
/** Day number of a strict YYYY-MM-DD date (a real calendar day), or null. */
function dayOf(value: unknown): number | null {
	if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
	const ms = Date.parse(`${value}T00:00:00Z`);
	if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== value) return null;
	return ms / DAY_MS;
}
const isoOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const isWeekend = (day: number): boolean => [0, 6].includes(new Date(day * DAY_MS).getUTCDay());

/** A round upper bound for an axis, with its tick step (1, 2 or 5 × 10ⁿ; whole numbers for counts). */
function niceAxis(max: number, integer: boolean): { top: number; step: number } {
	if (!(max > 0)) return { top: integer ? 1 : 1000, step: integer ? 1 : 250 };
	const raw = max / 4;
	const power = 10 ** Math.floor(Math.log10(raw));
	let step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
	if (integer) step = Math.max(1, Math.round(step));
	return { top: Math.ceil(max / step) * step, step };
}

// ---------------------------------------------------------------------------------------------------------------
// The shared time axis: every chart and every debtor row uses the same x geometry, so days line up down the page.

const W = 1280;
const PLOT_LEFT = 92;
const PLOT_RIGHT = W - 20;
const MAX_DAYS = 732;

interface TimeScale {
	start: number;
	days: number;
	dayWidth: number;
	/** Left edge of a day's column. */
	left(day: number): number;
	/** Centre of a day's column (days outside the period are pinned to its edge). */
	centre(day: number): number;
	inPeriod(day: number): boolean;
}

function timeScale(report: DemoReport60): TimeScale {
	const known: number[] = [];
	for (const d of report.days ?? []) {
		const day = dayOf(d?.date);
		if (day !== null) known.push(day);
	}
	for (const debtor of report.debtors ?? []) {
		for (const e of debtor?.events ?? []) {
			const day = dayOf(e?.date);
			if (day !== null) known.push(day);
		}
	}
	const lowest = known.length ? known.reduce((a, b) => Math.min(a, b)) : null;
	const highest = known.length ? known.reduce((a, b) => Math.max(a, b)) : null;
	const start = dayOf(report.from) ?? lowest ?? dayOf(report.to) ?? 0;
	let end = dayOf(report.to) ?? highest ?? start;
	if (end < start) end = start;
	const days = Math.min(MAX_DAYS, end - start + 1);
	const dayWidth = (PLOT_RIGHT - PLOT_LEFT) / days;
	const index = (day: number) => Math.min(days - 1, Math.max(0, day - start));
	return {
		start,
		days,
		dayWidth,
		left: (day) => PLOT_LEFT + index(day) * dayWidth,
		centre: (day) => PLOT_LEFT + (index(day) + 0.5) * dayWidth,
		inPeriod: (day) => day >= start && day < start + days,
	};
}

/** Days between two date labels on the axis: about one label a week over 60 days. */
function tickEvery(days: number): number {
	if (days <= 10) return 1;
	if (days <= 24) return 3;
	return 7 * Math.max(1, Math.round(days / 70));
}

/** Weekend shading and weekly grid lines between y0 and y1. */
function timeBackground(sc: TimeScale, y0: number, y1: number): string {
	const parts: string[] = [];
	for (let i = 0; i < sc.days; i++) {
		const day = sc.start + i;
		if (isWeekend(day))
			parts.push(
				`<rect class="weekend" x="${num(sc.left(day))}" y="${num(y0)}" width="${num(sc.dayWidth)}" height="${num(y1 - y0)}"/>`,
			);
	}
	const every = tickEvery(sc.days);
	for (let i = 0; i < sc.days; i += every) {
		const x = sc.centre(sc.start + i);
		parts.push(`<line class="grid" x1="${num(x)}" y1="${num(y0)}" x2="${num(x)}" y2="${num(y1)}"/>`);
	}
	return parts.join('');
}

/** The date labels under a chart. */
function timeAxis(sc: TimeScale, y: number, small = false): string {
	const every = tickEvery(sc.days);
	const parts = [`<line class="axis" x1="${PLOT_LEFT}" y1="${num(y)}" x2="${PLOT_RIGHT}" y2="${num(y)}"/>`];
	for (let i = 0; i < sc.days; i += every) {
		const day = sc.start + i;
		const x = sc.centre(day);
		parts.push(`<line class="axis" x1="${num(x)}" y1="${num(y)}" x2="${num(x)}" y2="${num(y + 4)}"/>`);
		parts.push(
			`<text class="tick${small ? ' small' : ''}" x="${num(x)}" y="${num(y + (small ? 14 : 17))}" text-anchor="middle">${isoOf(day)}</text>`,
		);
	}
	return parts.join('');
}

/** Horizontal value grid with labels on the left. */
function valueAxis(top: number, step: number, yOf: (v: number) => number, label: (v: number) => string): string {
	const parts: string[] = [];
	for (let v = 0; v <= top + step / 1000; v += step) {
		const y = yOf(v);
		parts.push(
			`<line class="${v === 0 ? 'axis' : 'hgrid'}" x1="${PLOT_LEFT}" y1="${num(y)}" x2="${PLOT_RIGHT}" y2="${num(y)}"/>`,
		);
		parts.push(`<text class="tick" x="${PLOT_LEFT - 8}" y="${num(y + 4)}" text-anchor="end">${esc(label(v))}</text>`);
	}
	return parts.join('');
}

const svg = (height: number, body: string, label: string): string =>
	`<svg class="chart" viewBox="0 0 ${W} ${num(height)}" width="100%" role="img" aria-label="${esc(label)}" preserveAspectRatio="xMidYMid meet">${body}</svg>`;

function legend(entries: Array<{ colour: string; name: string; total?: number; swatch?: string }>): string {
	return `<ul class="legend">${entries
		.map(
			(e) =>
				`<li>${e.swatch ?? `<span class="swatch" style="background:${e.colour}"></span>`}${esc(e.name)}${e.total === undefined ? '' : ` <b>${esc(e.total)}</b>`}</li>`,
		)
		.join('')}</ul>`;
}

// ---------------------------------------------------------------------------------------------------------------
// Charts of the period

/** The days that fall in the period, each once (the last stat of a date wins), in date order. */
function daysInPeriod(report: DemoReport60, sc: TimeScale): Array<{ day: number; stat: DayStat }> {
	const byDay = new Map<number, DayStat>();
	for (const stat of report.days ?? []) {
		const day = dayOf(stat?.date);
		if (day !== null && sc.inPeriod(day)) byDay.set(day, stat);
	}
	return [...byDay.entries()].sort((a, b) => a[0] - b[0]).map(([day, stat]) => ({ day, stat }));
}

function stackedBars<K extends string>(
	sc: TimeScale,
	days: Array<{ day: number; stat: DayStat }>,
	keys: K[],
	valueOf: (stat: DayStat, key: K) => number,
	colour: Record<K, string>,
	name: Record<K, string>,
	series: string,
	top: number,
	bottom: number,
): { body: string; max: number } {
	const max = days.reduce(
		(m, d) =>
			Math.max(
				m,
				keys.reduce((s, k) => s + count(valueOf(d.stat, k)), 0),
			),
		0,
	);
	const axis = niceAxis(max, true);
	const unit = (bottom - top) / axis.top;
	const barWidth = sc.dayWidth >= 4 ? Math.min(48, sc.dayWidth * 0.72) : sc.dayWidth;
	const parts = [
		timeBackground(sc, top, bottom),
		valueAxis(
			axis.top,
			axis.step,
			(v) => bottom - v * unit,
			(v) => String(v),
		),
	];
	for (const { day, stat } of days) {
		const x = sc.left(day) + (sc.dayWidth - barWidth) / 2;
		let y = bottom;
		let total = 0;
		for (const key of keys) {
			const n = count(valueOf(stat, key));
			if (!n) continue;
			const h = n * unit;
			y -= h;
			total += n;
			parts.push(
				`<rect class="bar" data-series="${series}" data-kind="${key}" data-date="${isoOf(day)}" data-count="${num(n)}" x="${num(x)}" y="${num(y)}" width="${num(barWidth)}" height="${num(h)}" fill="${colour[key]}"><title>${isoOf(day)} — ${esc(name[key])}: ${num(n)}</title></rect>`,
			);
		}
		if (total && sc.dayWidth >= 12)
			parts.push(
				`<text class="bar-total" x="${num(sc.centre(day))}" y="${num(y - 4)}" text-anchor="middle">${num(total)}</text>`,
			);
	}
	return { body: parts.join(''), max };
}

function stepsChart(sc: TimeScale, days: Array<{ day: number; stat: DayStat }>): string {
	const top = 24;
	const bottom = 214;
	const { body, max } = stackedBars(
		sc,
		days,
		STEPS,
		(s, k) => s?.sent?.[k] ?? 0,
		STEP_COLOR,
		STEP_NAME,
		'steps',
		top,
		bottom,
	);
	const totals = STEPS.map((k) => days.reduce((s, d) => s + count(d.stat?.sent?.[k]), 0));
	const empty =
		max === 0
			? `<text class="empty" x="${(PLOT_LEFT + PLOT_RIGHT) / 2}" y="${(top + bottom) / 2}" text-anchor="middle">No step taken in this period</text>`
			: '';
	return card(
		'Steps taken per day',
		'Reminders and formal notices sent each day; “paper letter needed” is marked for a person to post, not sent.',
		legend(STEPS.map((k, i) => ({ colour: STEP_COLOR[k], name: STEP_NAME[k], total: totals[i] }))) +
			svg(bottom + 26, body + empty + timeAxis(sc, bottom), 'Steps taken per day'),
		'steps',
	);
}

function openAmountChart(sc: TimeScale, days: Array<{ day: number; stat: DayStat }>): string {
	const top = 24;
	const bottom = 214;
	const points = days.map(({ day, stat }) => ({ day, amount: finite(stat?.openAmount) ?? 0 }));
	const max = points.reduce((m, p) => Math.max(m, p.amount), 0);
	const axis = niceAxis(max, false);
	const yOf = (v: number) => bottom - (Math.max(0, v) / axis.top) * (bottom - top);
	const parts = [timeBackground(sc, top, bottom), valueAxis(axis.top, axis.step, yOf, axisEuros)];
	if (points.length) {
		const line = points.map((p) => `${num(sc.centre(p.day))},${num(yOf(p.amount))}`).join(' ');
		const first = points[0];
		const last = points[points.length - 1];
		parts.push(
			`<polygon class="open-area" points="${num(sc.centre(first.day))},${bottom} ${line} ${num(sc.centre(last.day))},${bottom}"/>`,
		);
		parts.push(
			`<polyline class="open-line" data-baseline="${bottom}" data-top="${top}" data-scale-top="${num(axis.top)}" points="${line}"/>`,
		);
		for (const p of points) {
			parts.push(
				`<circle class="open-dot" data-date="${isoOf(p.day)}" cx="${num(sc.centre(p.day))}" cy="${num(yOf(p.amount))}" r="${sc.dayWidth >= 10 ? 3 : 1.5}"><title>${isoOf(p.day)} — still owed: ${esc(euros(p.amount))}</title></circle>`,
			);
		}
		const lastX = sc.centre(last.day);
		const anchor = lastX > PLOT_RIGHT - 120 ? 'end' : 'start';
		parts.push(
			`<text class="value-label" x="${num(anchor === 'end' ? lastX - 6 : lastX + 6)}" y="${num(yOf(last.amount) - 8)}" text-anchor="${anchor}">${esc(euros(last.amount))}</text>`,
		);
		if (points.length > 1)
			parts.push(
				`<text class="value-label muted" x="${num(sc.centre(first.day) + 6)}" y="${num(yOf(first.amount) - 8)}">${esc(euros(first.amount))}</text>`,
			);
	} else {
		parts.push(
			`<text class="empty" x="${(PLOT_LEFT + PLOT_RIGHT) / 2}" y="${(top + bottom) / 2}" text-anchor="middle">No day in this period</text>`,
		);
	}
	const start = points[0]?.amount ?? 0;
	const end = points[points.length - 1]?.amount ?? 0;
	const recovered = start - end;
	const summary = points.length
		? `<p class="chart-summary">From <b>${esc(euros(start))}</b> to <b>${esc(euros(end))}</b>: ${recovered >= 0 ? 'down' : 'up'} <b>${esc(euros(Math.abs(recovered)))}</b>${start > 0 ? ` (${esc(PERCENT.format(Math.abs(recovered) / start))})` : ''} over the period.</p>`
		: '';
	return card(
		'Amount still owed',
		'Total open amount at the end of each day, all debtors.',
		summary + svg(bottom + 26, parts.join('') + timeAxis(sc, bottom), 'Amount still owed per day'),
		'open',
	);
}

function outcomesChart(sc: TimeScale, days: Array<{ day: number; stat: DayStat }>): string {
	const top = 44;
	const bottom = 194;
	const { body, max } = stackedBars(
		sc,
		days,
		OUTCOMES,
		(s, k) => s?.outcomes?.[k] ?? 0,
		OUTCOME_COLOR,
		OUTCOME_NAME,
		'outcomes',
		top,
		bottom,
	);
	const totals = OUTCOMES.map((k) => days.reduce((s, d) => s + count(d.stat?.outcomes?.[k]), 0));
	const errors = days.reduce((s, d) => s + count(d.stat?.errors), 0);
	const parts = [body];
	// The day's errors: a red flag above the bars, with their number.
	parts.push(`<text class="lane-label" x="${PLOT_LEFT - 8}" y="22" text-anchor="end">Errors</text>`);
	for (const { day, stat } of days) {
		const n = count(stat?.errors);
		if (!n) continue;
		const x = sc.centre(day);
		parts.push(
			`<g class="error-flag" data-date="${isoOf(day)}" data-count="${num(n)}"><title>${isoOf(day)} — ${num(n)} letter${n > 1 ? 's' : ''} refused or failed (see the debtors below)</title><circle cx="${num(x)}" cy="18" r="8" fill="${OUTCOME_COLOR.blocked}"/><text class="flag-text" x="${num(x)}" y="22" text-anchor="middle">${num(n)}</text></g>`,
		);
	}
	if (max === 0 && errors === 0)
		parts.push(
			`<text class="empty" x="${(PLOT_LEFT + PLOT_RIGHT) / 2}" y="${(top + bottom) / 2}" text-anchor="middle">No outcome in this period</text>`,
		);
	const all = totals.reduce((a, b) => a + b, 0);
	const share = all
		? `<div class="share" aria-label="Share of outcomes">${OUTCOMES.map((k, i) =>
				totals[i]
					? `<span style="flex:${totals[i]};background:${OUTCOME_COLOR[k]}" title="${esc(OUTCOME_NAME[k])}: ${totals[i]}">${Math.round((totals[i] / all) * 100)} %</span>`
					: '',
			).join('')}</div>`
		: '';
	return card(
		'Outcomes of the letters',
		'What happened to the letters, on the day it became known; red flags: letters refused or failed that day.',
		legend([
			...OUTCOMES.map((k, i) => ({ colour: OUTCOME_COLOR[k], name: OUTCOME_NAME[k], total: totals[i] })),
			{
				colour: OUTCOME_COLOR.blocked,
				name: 'Errors',
				total: errors,
				swatch: `<span class="swatch round" style="background:${OUTCOME_COLOR.blocked}"></span>`,
			},
		]) +
			share +
			svg(bottom + 26, parts.join('') + timeAxis(sc, bottom), 'Outcomes of the letters per day'),
		'outcomes',
	);
}

const card = (title: string, subtitle: string, content: string, id: string): string =>
	`<section class="card chart-card" id="${id}"><h2>${esc(title)}</h2><p class="sub">${esc(subtitle)}</p>${content}</section>`;

// ---------------------------------------------------------------------------------------------------------------
// Debtor rows

const isStep = (kind: EventKind): kind is StepKind => (STEPS as string[]).includes(kind);

function outcomeColour(outcome: string | undefined): string {
	const o = (outcome ?? '').toLowerCase();
	for (const key of ['accepted', 'delivered', 'refused', 'negligence', 'bounced', 'failed', 'blocked'] as const)
		if (o.startsWith(key)) return OUTCOME_COLOR[key];
	return OUTCOME_COLOR.other;
}

function kindColour(e: TimelineEvent): string {
	if (isStep(e.kind)) return e.channel ? (CHANNEL_COLOR[e.channel] ?? STEP_COLOR[e.kind]) : STEP_COLOR[e.kind];
	if (e.kind === 'outcome') return outcomeColour(e.outcome);
	return KIND_COLOR[e.kind] ?? OUTCOME_COLOR.other;
}

/** The marker of one event, centred on (x, y). */
function shape(e: Pick<TimelineEvent, 'kind' | 'channel' | 'outcome'>, x: number, y: number): string {
	const c = kindColour(e as TimelineEvent);
	const ring =
		isStep(e.kind) && e.outcome
			? `<circle cx="${num(x)}" cy="${num(y)}" r="9" fill="none" stroke="${outcomeColour(e.outcome)}" stroke-width="2"/>`
			: '';
	const p = (dx: number, dy: number) => `${num(x + dx)},${num(y + dy)}`;
	switch (e.kind) {
		case 'firstReminder':
			return `${ring}<circle cx="${num(x)}" cy="${num(y)}" r="5" fill="${c}" stroke="#fff" stroke-width="1"/>`;
		case 'secondReminder':
			return `${ring}<circle cx="${num(x)}" cy="${num(y)}" r="6.5" fill="${c}" stroke="#fff" stroke-width="1"/><circle cx="${num(x)}" cy="${num(y)}" r="2.2" fill="#fff"/>`;
		case 'formalNotice':
			return `${ring}<polygon points="${p(0, -7.5)} ${p(7.5, 0)} ${p(0, 7.5)} ${p(-7.5, 0)}" fill="${c}" stroke="#fff" stroke-width="1"/>`;
		case 'paperLetterNeeded':
			return `${ring}<rect x="${num(x - 7)}" y="${num(y - 5)}" width="14" height="10" rx="1.5" fill="${c}"/><polyline points="${p(-7, -5)} ${p(0, 1)} ${p(7, -5)}" fill="none" stroke="#fff" stroke-width="1.4"/>`;
		case 'payment':
			return `<circle cx="${num(x)}" cy="${num(y)}" r="7" fill="${c}"/><text class="glyph" x="${num(x)}" y="${num(y + 3.5)}" text-anchor="middle">€</text>`;
		case 'dispute':
			return `<polygon points="${p(0, -7)} ${p(7, 6)} ${p(-7, 6)}" fill="${c}"/><text class="glyph" x="${num(x)}" y="${num(y + 4.5)}" text-anchor="middle">!</text>`;
		case 'disputeResolved':
			return `<polygon points="${p(0, -7)} ${p(7, 6)} ${p(-7, 6)}" fill="#fff" stroke="${c}" stroke-width="2"/>`;
		case 'promise':
			return `<circle cx="${num(x)}" cy="${num(y)}" r="6" fill="#fff" stroke="${c}" stroke-width="2.2"/>`;
		case 'promiseLapsed':
			return `<circle cx="${num(x)}" cy="${num(y)}" r="6" fill="#fff" stroke="${c}" stroke-width="2.2"/><line x1="${num(x - 5)}" y1="${num(y + 5)}" x2="${num(x + 5)}" y2="${num(y - 5)}" stroke="${c}" stroke-width="2.2"/>`;
		case 'newInvoice':
			return `<rect x="${num(x - 6)}" y="${num(y - 6)}" width="12" height="12" rx="2" fill="${c}"/><path d="M${p(-3.5, 0)}H${num(x + 3.5)}M${p(0, -3.5)}V${num(y + 3.5)}" stroke="#fff" stroke-width="1.8"/>`;
		case 'outcome':
			return `<circle cx="${num(x)}" cy="${num(y)}" r="5.5" fill="${c}" stroke="#fff" stroke-width="1"/>`;
		case 'error':
		default:
			return `<path d="M${p(-5, -5)}L${p(5, 5)}M${p(5, -5)}L${p(-5, 5)}" stroke="${OUTCOME_COLOR.blocked}" stroke-width="3" stroke-linecap="round"/>`;
	}
}

const LANES: Array<{ name: string; kinds: EventKind[] }> = [
	{ name: 'Letters', kinds: STEPS },
	{ name: 'Results', kinds: ['outcome', 'error'] },
	{ name: 'Account', kinds: ['payment', 'dispute', 'disputeResolved', 'promise', 'promiseLapsed', 'newInvoice'] },
];
const laneOf = (kind: EventKind): number => {
	const i = LANES.findIndex((l) => l.kinds.includes(kind));
	return i < 0 ? 1 : i;
};

/** Events in date order; events of the same date keep their order in the data; unreadable dates last. */
function ordered(events: TimelineEvent[]): Array<{ e: TimelineEvent; day: number | null }> {
	return events
		.map((e, i) => ({ e, day: dayOf(e?.date), i }))
		.sort((a, b) => (a.day ?? Infinity) - (b.day ?? Infinity) || a.i - b.i)
		.map(({ e, day }) => ({ e, day }));
}

/** Shaded periods: a dispute until it is resolved, a promise until it lapses or is kept (a payment). */
function periods(events: Array<{ e: TimelineEvent; day: number | null }>, sc: TimeScale, height: number): string {
	const end = sc.start + sc.days - 1;
	const bands: Array<{ kind: 'dispute' | 'promise'; from: number; to: number }> = [];
	let dispute: number | null = null;
	let promise: number | null = null;
	for (const { e, day } of events) {
		if (day === null) continue;
		if (e.kind === 'dispute' && dispute === null) dispute = day;
		else if (e.kind === 'disputeResolved' && dispute !== null) {
			bands.push({ kind: 'dispute', from: dispute, to: day });
			dispute = null;
		} else if (e.kind === 'promise' && promise === null) promise = day;
		else if ((e.kind === 'promiseLapsed' || e.kind === 'payment') && promise !== null) {
			bands.push({ kind: 'promise', from: promise, to: day });
			promise = null;
		}
	}
	if (dispute !== null) bands.push({ kind: 'dispute', from: dispute, to: Math.max(dispute, end) });
	if (promise !== null) bands.push({ kind: 'promise', from: promise, to: Math.max(promise, end) });
	return bands
		.map((b) => {
			const x = sc.centre(b.from);
			const width = Math.max(2, sc.centre(b.to) - x);
			const what = b.kind === 'dispute' ? 'Dispute open' : 'Promise to pay running';
			return `<rect class="band band-${b.kind}" x="${num(x)}" y="4" width="${num(width)}" height="${num(height)}"><title>${what}: ${isoOf(b.from)} → ${isoOf(b.to)}</title></rect>`;
		})
		.join('');
}

function debtorTimeline(debtor: DebtorTimeline, sc: TimeScale): string {
	const events = ordered(Array.isArray(debtor.events) ? debtor.events : []);
	// Same-day events of a lane stack downwards.
	const slot = new Map<string, number>();
	const placed = events.map(({ e, day }) => {
		const lane = laneOf(e?.kind);
		if (day === null) return { e, day, lane, level: 0 };
		const key = `${lane}:${Math.min(sc.days - 1, Math.max(0, day - sc.start))}`;
		const level = slot.get(key) ?? 0;
		slot.set(key, level + 1);
		return { e, day, lane, level };
	});
	const depth = LANES.map((_, lane) =>
		Math.max(1, ...placed.filter((p) => p.lane === lane && p.day !== null).map((p) => p.level + 1)),
	);
	const LANE_STEP = 16;
	const laneTop: number[] = [];
	let y = 8;
	for (let lane = 0; lane < LANES.length; lane++) {
		laneTop.push(y);
		y += 12 + depth[lane] * LANE_STEP;
	}
	const axisY = y;
	const parts = [timeBackground(sc, 4, axisY), periods(events, sc, axisY - 4)];
	LANES.forEach((lane, i) => {
		const mid = laneTop[i] + 6 + LANE_STEP / 2;
		parts.push(`<line class="lane" x1="${PLOT_LEFT}" y1="${num(mid)}" x2="${PLOT_RIGHT}" y2="${num(mid)}"/>`);
		parts.push(
			`<text class="lane-label" x="${PLOT_LEFT - 8}" y="${num(mid + 4)}" text-anchor="end">${lane.name}</text>`,
		);
	});
	// The dunning path: a line through the debtor's letters, first to last.
	const letters = placed.filter((p) => p.lane === 0 && p.day !== null && p.level === 0);
	if (letters.length > 1) {
		const y0 = laneTop[0] + 6 + LANE_STEP / 2;
		parts.push(
			`<line class="path" x1="${num(sc.centre(letters[0].day as number))}" y1="${num(y0)}" x2="${num(sc.centre(letters[letters.length - 1].day as number))}" y2="${num(y0)}"/>`,
		);
	}
	for (const { e, day, lane, level } of placed) {
		if (day === null) continue;
		const x = sc.centre(day);
		const cy = laneTop[lane] + 6 + LANE_STEP / 2 + level * LANE_STEP;
		const outside = sc.inPeriod(day) ? '' : ' (outside the period)';
		parts.push(
			`<g class="ev" data-kind="${esc(e.kind)}" data-date="${esc(e.date)}"><title>${esc(e.date)} — ${esc(e.label)}${outside}</title>${shape(e, x, cy)}</g>`,
		);
	}
	return svg(axisY + 20, parts.join('') + timeAxis(sc, axisY, true), `Timeline of ${debtor.name}`);
}

function eventTable(debtor: DebtorTimeline): string {
	const events = ordered(Array.isArray(debtor.events) ? debtor.events : []);
	if (!events.length) return '<p class="no-events">No event in this period.</p>';
	const rows = events.map(({ e, day }) => {
		const kindName = KIND_NAME[e.kind] ?? String(e.kind ?? '');
		const outcome = e.outcome
			? `<span class="pill" style="--c:${outcomeColour(e.outcome)}">${esc(e.outcome)}</span>`
			: '';
		const amount = finite(e.amount) === null ? '' : esc(euros(e.amount));
		const channel = e.channel ? esc(CHANNEL_NAME[e.channel] ?? e.channel) : '';
		return `<tr class="${e.kind === 'error' ? 'err' : ''}"><td class="date">${esc(e.date)}${day === null ? ' <span class="warn">(date not recognised)</span>' : ''}</td><td><span class="dot" style="background:${kindColour(e)}"></span>${esc(kindName)}</td><td>${channel}</td><td>${outcome}</td><td class="ref">${esc(e.reference ?? '')}</td><td class="amount">${amount}</td><td class="label">${esc(e.label)}</td></tr>`;
	});
	return `<table class="events"><thead><tr><th>Date</th><th>Step / event</th><th>Channel</th><th>Outcome</th><th>Reference</th><th class="amount">Amount</th><th>Details</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function debtorRow(debtor: DebtorTimeline, sc: TimeScale): string {
	const events = Array.isArray(debtor.events) ? debtor.events : [];
	const open = finite(debtor.openAmountAtEnd);
	const steps = STEPS.map((k) => ({ k, n: events.filter((e) => e?.kind === k).length })).filter((s) => s.n);
	const errors = events.filter((e) => e?.kind === 'error').length;
	const chips = [
		...steps.map(
			(s) => `<span class="chip" style="--c:${STEP_COLOR[s.k]}">${s.n} × ${esc(STEP_NAME[s.k].toLowerCase())}</span>`,
		),
		...(errors ? [`<span class="chip alert-chip">${errors} error${errors > 1 ? 's' : ''}</span>`] : []),
	].join('');
	const status =
		open === null
			? '<span class="owed">Open amount unknown</span>'
			: open > 0
				? `<span class="owed">Still owed <b>${esc(euros(open))}</b></span>`
				: '<span class="settled">Nothing owed</span>';
	const type = debtor.type === 'individual' ? 'Individual' : 'Professional';
	return `<section class="card debtor${errors ? ' has-error' : ''}" data-debtor="${esc(debtor.debtorId)}"><div class="debtor-head"><div><h3>${esc(debtor.name)}</h3><span class="badge ${debtor.type === 'individual' ? 'ind' : 'pro'}">${type}</span><span class="id">${esc(debtor.debtorId)}</span></div><div class="chips">${chips}</div>${status}</div>${debtorTimeline(debtor, sc)}${eventTable(debtor)}</section>`;
}

function markerKey(): string {
	const entries: Array<{ name: string; e: Pick<TimelineEvent, 'kind' | 'channel' | 'outcome'> }> = [
		{ name: 'First reminder', e: { kind: 'firstReminder', channel: 'email' } },
		{ name: 'Second reminder', e: { kind: 'secondReminder', channel: 'email' } },
		{ name: 'Formal notice', e: { kind: 'formalNotice', channel: 'lre' } },
		{ name: 'Paper letter needed', e: { kind: 'paperLetterNeeded', channel: 'paper' } },
		{ name: 'Outcome (colour)', e: { kind: 'outcome', outcome: 'accepted' } },
		{ name: 'Error', e: { kind: 'error' } },
		{ name: 'Payment', e: { kind: 'payment' } },
		{ name: 'Dispute / resolved', e: { kind: 'dispute' } },
		{ name: 'Promise / lapsed', e: { kind: 'promise' } },
		{ name: 'New invoice', e: { kind: 'newInvoice' } },
	];
	const icon = (e: Pick<TimelineEvent, 'kind' | 'channel' | 'outcome'>) =>
		`<svg class="key" viewBox="0 0 20 20" width="20" height="20">${shape(e, 10, 10)}</svg>`;
	const channels = (Object.keys(CHANNEL_NAME) as Array<keyof typeof CHANNEL_NAME>).map(
		(c) => `<li><span class="swatch round" style="background:${CHANNEL_COLOR[c]}"></span>${esc(CHANNEL_NAME[c])}</li>`,
	);
	return `<div class="card key-card"><ul class="legend">${entries.map((k) => `<li>${icon(k.e)}${esc(k.name)}</li>`).join('')}</ul><ul class="legend"><li class="legend-title">Letter colour = channel:</li>${channels.join('')}<li class="legend-title">Ring = outcome · shaded: <span class="band-key dispute"></span>dispute open <span class="band-key promise"></span>promise running</li></ul></div>`;
}

// ---------------------------------------------------------------------------------------------------------------
// The page

function kpiCards(kpis: Kpi[]): string {
	if (!kpis.length) return '';
	const alerts = kpis.filter((k) => k?.alert);
	const banner = alerts.length
		? `<div class="alert-banner" role="alert"><b>${alerts.length === 1 ? '1 alert' : `${alerts.length} alerts`}</b>${alerts.map((k) => `<div>⚠ ${esc(k.label)}: ${esc(k.value)}${k.detail ? ` — ${esc(k.detail)}` : ''}</div>`).join('')}</div>`
		: '';
	const cards = kpis
		.map(
			(k) =>
				`<div class="kpi${k?.alert ? ' alert' : ''}" data-alert="${k?.alert ? 'true' : 'false'}">${k?.alert ? '<span class="alert-tag">Alert</span>' : ''}<div class="kpi-label">${esc(k?.label)}</div><div class="kpi-value">${esc(k?.value)}</div>${k?.detail ? `<div class="kpi-detail">${esc(k.detail)}</div>` : ''}</div>`,
		)
		.join('');
	// Even rows: at most 6 cards a row, as many rows as needed, the same number of cards on each.
	const rows = Math.ceil(kpis.length / 6);
	const columns = Math.ceil(kpis.length / rows);
	return `${banner}<section class="kpis" style="grid-template-columns:repeat(${columns},minmax(0,1fr))">${cards}</section>`;
}

const CSS = `
*{box-sizing:border-box;-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;background:#eef1f5;color:#212529;font:14px/1.45 "Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans",sans-serif}
main{max-width:1360px;margin:0 auto;padding:0 24px 40px}
.top{background:linear-gradient(120deg,#1c3468,#2c5aa0);color:#fff;padding:26px 0 22px;margin-bottom:20px}
.top .inner{max-width:1360px;margin:0 auto;padding:0 24px;display:flex;justify-content:space-between;align-items:flex-end;gap:24px;flex-wrap:wrap}
.top h1{margin:0 0 4px;font-size:26px;font-weight:600;letter-spacing:.2px}
.top .period{font-size:16px;opacity:.92}.top .gen{font-size:12px;opacity:.75;text-align:right}
h2{margin:0;font-size:17px;font-weight:600;color:#1c3468}
h3{display:inline;margin:0 10px 0 0;font-size:16px;font-weight:600}
.sub{margin:2px 0 10px;color:#6c757d;font-size:12.5px}
.card{background:#fff;border-radius:10px;box-shadow:0 1px 3px rgba(16,24,40,.08),0 1px 2px rgba(16,24,40,.04);padding:16px 20px;margin-bottom:16px;border:1px solid #e3e7ee}
.kpis{display:grid;gap:12px;margin-bottom:16px}
.kpi{position:relative;background:#fff;border:1px solid #e3e7ee;border-left:5px solid #2c5aa0;border-radius:10px;padding:12px 14px;box-shadow:0 1px 3px rgba(16,24,40,.06)}
.kpi-label{font-size:12px;color:#6c757d;text-transform:uppercase;letter-spacing:.4px;padding-right:44px}
.kpi-value{font-size:26px;font-weight:650;color:#1c3468;margin:2px 0;font-variant-numeric:tabular-nums}
.kpi-detail{font-size:12px;color:#495057}
.kpi.alert{border-color:#f1aeb5;border-left-color:#c92a2a;background:#fff5f5}.kpi.alert .kpi-value{color:#c92a2a}
.alert-tag{position:absolute;top:10px;right:10px;background:#c92a2a;color:#fff;font-size:10.5px;font-weight:700;border-radius:10px;padding:1px 8px;text-transform:uppercase}
.alert-banner{background:#fff5f5;border:1px solid #f1aeb5;border-left:5px solid #c92a2a;color:#842029;border-radius:10px;padding:10px 16px;margin-bottom:14px}
.alert-banner b{display:block;margin-bottom:2px}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:6px 18px;margin:0 0 6px;padding:0;font-size:12.5px;color:#343a40;align-items:center}
.legend li{display:flex;align-items:center;gap:6px}.legend b{color:#1c3468}.legend-title{color:#6c757d}
.swatch{display:inline-block;width:12px;height:12px;border-radius:3px}.swatch.round{border-radius:50%}
.band-key{display:inline-block;width:22px;height:12px;border-radius:2px;margin:0 4px 0 8px}.band-key.dispute{background:#ffe3d6}.band-key.promise{background:#e5dbff}
.share{display:flex;height:20px;border-radius:5px;overflow:hidden;margin:4px 0 4px;font-size:11px;color:#fff;font-weight:600}
.share span{display:flex;align-items:center;justify-content:center;min-width:0;overflow:hidden;white-space:nowrap}
.chart-summary{margin:0 0 4px;font-size:13px;color:#343a40}
svg.chart{display:block;width:100%;height:auto;overflow:visible}
svg text{font-family:inherit}
.tick{font-size:12px;fill:#6c757d}.tick.small{font-size:10.5px;fill:#adb5bd}
.axis{stroke:#adb5bd;stroke-width:1}.grid{stroke:#e9ecef;stroke-width:1}.hgrid{stroke:#e9ecef;stroke-width:1;stroke-dasharray:3 3}
.weekend{fill:#f6f7f9}
.bar-total{font-size:10.5px;fill:#495057;font-weight:600}
.open-area{fill:#2c5aa0;fill-opacity:.12}.open-line{fill:none;stroke:#2c5aa0;stroke-width:2.5;stroke-linejoin:round}
.open-dot{fill:#2c5aa0}.value-label{font-size:13px;font-weight:650;fill:#1c3468}.value-label.muted{fill:#6c757d;font-weight:500}
.empty{font-size:14px;fill:#adb5bd}
.flag-text{font-size:10px;fill:#fff;font-weight:700}
.path{stroke:#adb5bd;stroke-width:2.5;stroke-linecap:round}.lane{stroke:#dee2e6;stroke-width:1;stroke-dasharray:2 3}.lane-label{font-size:11.5px;fill:#868e96}
.band-dispute{fill:#ffe3d6;fill-opacity:.8}.band-promise{fill:#e5dbff;fill-opacity:.8}
.glyph{font-size:10px;font-weight:700;fill:#fff}
.debtors-title{margin:26px 0 10px;display:flex;align-items:baseline;gap:12px}.debtors-title span{color:#6c757d;font-size:13px}
.debtor.has-error{border-left:5px solid #c92a2a}
.debtor-head{display:flex;align-items:center;justify-content:space-between;gap:14px;flex-wrap:wrap;margin-bottom:4px}
.badge{display:inline-block;font-size:11px;border-radius:10px;padding:1px 8px;font-weight:600;vertical-align:2px}
.badge.pro{background:#e7f0fc;color:#1c3468}.badge.ind{background:#fff3d6;color:#8a5a00}
.id{margin-left:8px;color:#adb5bd;font-size:12px}
.chips{display:flex;gap:6px;flex-wrap:wrap;flex:1;justify-content:flex-end}
.chip{font-size:11.5px;border-radius:10px;padding:1px 9px;border:1px solid var(--c);color:#343a40;background:#fff}
.alert-chip{border-color:#c92a2a;color:#c92a2a;font-weight:600}
.owed{font-size:14px;color:#c92a2a;white-space:nowrap}.owed b{font-size:16px}.settled{font-size:14px;color:#2b8a3e;font-weight:600;white-space:nowrap}
table.events{width:100%;border-collapse:collapse;font-size:12.5px;margin-top:6px}
.events th{text-align:left;font-weight:600;color:#6c757d;font-size:11.5px;text-transform:uppercase;letter-spacing:.3px;border-bottom:1px solid #dee2e6;padding:4px 8px}
.events td{border-bottom:1px solid #f1f3f5;padding:4px 8px;vertical-align:top}
.events tr.err td{background:#fff5f5}
.events .date{white-space:nowrap;font-variant-numeric:tabular-nums}.events .ref{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:11.5px;color:#495057}
.events .amount{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}.events .label{color:#343a40}
.dot{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:6px}
.pill{display:inline-block;border-radius:9px;padding:0 8px;font-size:11.5px;color:var(--c);border:1px solid var(--c);white-space:nowrap}
.warn{color:#c92a2a}.no-events{color:#868e96;margin:6px 0 0}
.key-card{padding:10px 20px}.key-card .legend{margin:2px 0}
footer{color:#868e96;font-size:12px;text-align:center;margin-top:20px}
@page{size:A4 landscape;margin:9mm}
@media print{
body{background:#fff;font-size:11.5px}main,.top .inner{max-width:none;padding:0}
.top{background:#1c3468;padding:12px 16px;margin-bottom:10px;border-radius:6px}
.card,.kpi{box-shadow:none}.card{padding:10px 12px;margin-bottom:8px;break-inside:avoid}
.chart-card,.debtor,.kpi,.alert-banner{break-inside:avoid}.debtors-title{break-before:page;break-after:avoid}
.kpis{gap:8px}.kpi-value{font-size:20px}
.events tr{break-inside:avoid}
}
`.trim();

/** The whole report as one self-contained HTML document. */
export function reportHtml(report: DemoReport60): string {
	const debtors = Array.isArray(report.debtors) ? report.debtors.filter(Boolean) : [];
	const kpis = Array.isArray(report.kpis) ? report.kpis.filter(Boolean) : [];
	const sc = timeScale({ ...report, debtors });
	const days = daysInPeriod(report, sc);
	const period = `${isoOf(sc.start)} → ${isoOf(sc.start + sc.days - 1)} · ${sc.days} day${sc.days > 1 ? 's' : ''}`;
	const owedAtEnd = debtors.filter((d) => (finite(d.openAmountAtEnd) ?? 0) > 0).length;
	const debtorsBlock = debtors.length
		? `<h2 class="debtors-title">Debtors<span>${debtors.length} debtor${debtors.length > 1 ? 's' : ''} · ${owedAtEnd} still owing at the end</span></h2>${markerKey()}${debtors.map((d) => debtorRow(d, sc)).join('')}`
		: '<h2 class="debtors-title">Debtors</h2><p class="card no-events">No debtor in this report.</p>';
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(report.title)}</title>
<style>
${CSS}
</style>
</head>
<body>
<header class="top"><div class="inner"><div><h1>${esc(report.title)}</h1><div class="period">${esc(period)}</div></div><div class="gen">Generated ${esc(report.generatedAt)}</div></div></header>
<main>
${kpiCards(kpis)}
${stepsChart(sc, days)}
${openAmountChart(sc, days)}
${outcomesChart(sc, days)}
${debtorsBlock}
<footer>n8n-nodes-lre · amounts in euros · dates are the business dates of the runs (YYYY-MM-DD) · shaded columns are weekends</footer>
</main>
</body>
</html>
`;
}
