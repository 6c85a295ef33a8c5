/**
 * Proof PDFs shaped like a real provider's: who sent what to whom, when each event happened (timestamps), and the
 * SHA-256 of the content and of every attachment, with the event log. Each proof is rendered once, when its event
 * happens, and kept: downloading it twice gives the same bytes, so its hash can be archived and compared.
 */
import PDFDocument from 'pdfkit';
import { createHash } from 'node:crypto';
import type { SandboxAttachment, SandboxMail, SandboxUser } from './model';

export type ProofCode = 'ev' | 'ar' | 'rf' | 'ng' | 'bc';

export const PROOF_TITLES: Record<ProofCode, { fr: string; en: string }> = {
	ev: { fr: "Preuve de dépôt et d'envoi", en: 'Proof of deposit and sending' },
	ar: { fr: 'Accusé de réception', en: 'Proof of acceptance (acknowledgement of receipt)' },
	rf: { fr: 'Preuve de refus', en: 'Proof of refusal' },
	ng: { fr: 'Preuve de négligence', en: 'Proof of negligence (not claimed within 15 days)' },
	bc: { fr: 'Preuve de rebond', en: 'Proof of bounce (notification not delivered)' },
};

/** Standard PDF fonts only carry Windows-1252; anything else is shown as `?` rather than garbled. */
function printable(text: string | undefined | null): string {
	return String(text ?? '')
		.replace(/[\u00a0\u202f]/g, ' ')
		.replace(
			/[^\x20-\x7e\u00a1-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u20ac]/g,
			'?',
		);
}

export interface ProofInput {
	code: ProofCode;
	mail: SandboxMail;
	sender: SandboxUser;
	attachments: SandboxAttachment[];
	eventDate: string;
	/** Sandbox-clock ms of the event (becomes the PDF's creation date). */
	eventAt: number;
}

export function renderProof(input: ProofInput): Promise<Buffer> {
	const { code, mail, sender, attachments, eventDate } = input;
	const doc = new PDFDocument({
		size: 'A4',
		margin: 56,
		info: {
			Title: `${PROOF_TITLES[code].fr} — ${mail.id}`,
			Author: 'lre-sandbox',
			Subject: `LRE ${mail.id} ${code}`,
			CreationDate: new Date(input.eventAt),
			ModDate: new Date(input.eventAt),
		},
	});
	const chunks: Buffer[] = [];
	const done = new Promise<Buffer>((resolve, reject) => {
		doc.on('data', (chunk: Buffer) => chunks.push(chunk));
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
	});
	const line = (label: string, value: unknown) =>
		doc
			.font('Helvetica-Bold')
			.text(`${label}: `, { continued: true })
			.font('Helvetica')
			.text(printable(String(value ?? '')) || '—');

	doc
		.fontSize(8)
		.fillColor('#a00')
		.text('AR24-COMPATIBLE SANDBOX — TEST DOCUMENT, NOT A LEGAL PROOF', { align: 'center' });
	doc.moveDown().fillColor('#000').fontSize(16).font('Helvetica-Bold').text(PROOF_TITLES[code].fr);
	doc.fontSize(11).font('Helvetica').text(PROOF_TITLES[code].en).moveDown();
	doc.fontSize(10);
	line('Letter id', mail.id);
	line('Type', mail.is_eidas ? 'LRE qualifiée eIDAS (CPCE L100)' : 'Envoi recommandé électronique simple (ERE)');
	line('Event date (Europe/Paris)', eventDate);
	line('Case reference (ref_dossier)', mail.ref_dossier);
	line('Client reference (ref_client)', mail.ref_client);
	line('Billing reference (ref_facturation)', mail.ref_facturation);
	doc.moveDown().font('Helvetica-Bold').text('Sender / Expéditeur');
	line('Name', sender.name);
	line('Company', sender.company);
	line('SIRET', sender.company_siret);
	line('E-mail', sender.email);
	line('Address', `${sender.address1}, ${sender.zipcode} ${sender.city}, ${sender.country}`);
	doc.moveDown().font('Helvetica-Bold').text('Recipient / Destinataire');
	line('Name', [mail.to_firstname, mail.to_lastname].filter(Boolean).join(' '));
	line('Company', mail.to_company);
	line('E-mail', mail.to_email);
	line('Status', mail.dest_statut);
	doc.moveDown().font('Helvetica-Bold').text('Timestamps (simulated qualified timestamps)');
	line('Deposit', mail.date);
	line('Sent / first presentation', mail.ts_ev_date);
	if (mail.view_date) line('Accepted', mail.view_date);
	if (mail.refused_date) line('Refused', mail.refused_date);
	if (mail.negligence_date) line('Negligence', mail.negligence_date);
	if (mail.bounced_date) line('Bounced', mail.bounced_date);
	doc.moveDown().font('Helvetica-Bold').text('Integrity');
	line('Content SHA-256', mail.full_hash_sha256);
	for (const attachment of attachments) {
		line(`Attachment "${attachment.filename}" (${attachment.filesize} bytes) SHA-256`, attachment.hash_sha256);
	}
	doc.moveDown().font('Helvetica-Bold').text('Event log');
	for (const entry of mail.sandbox.log) doc.font('Helvetica').text(`${entry.at}  ${entry.state}`);
	const seal = createHash('sha256')
		.update(
			`${mail.id}|${code}|${eventDate}|${mail.full_hash_sha256}|${attachments.map((a) => a.hash_sha256).join(',')}`,
		)
		.digest('hex');
	doc.moveDown();
	line('Simulated timestamp token', seal);
	doc.end();
	return done;
}
