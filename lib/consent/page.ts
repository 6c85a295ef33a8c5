/**
 * The consent page and the invitation e-mail, as plain HTML strings an n8n workflow serves (Respond to Webhook) or
 * sends (any e-mail node). Every value is escaped; the page works without JavaScript and on a phone.
 */
import type { ConsentText } from './text';

export function escapeHtml(text: string): string {
	return text.replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
	);
}

const STYLE = `body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f4f6fb;margin:0;padding:16px;color:#1d2433}
main{max-width:560px;margin:24px auto;background:#fff;border-radius:12px;padding:24px;box-shadow:0 2px 12px rgba(0,0,0,.08)}
h1{font-size:1.35rem;margin:0 0 12px}p{line-height:1.55}.who{color:#4a5568;font-size:.95rem}
.actions{display:flex;gap:12px;flex-wrap:wrap;margin-top:20px}button{flex:1 1 180px;font-size:1.05rem;padding:14px;border-radius:8px;border:0;cursor:pointer}
.accept{background:#1f3a93;color:#fff}.decline{background:#e2e8f0;color:#1d2433}small{display:block;margin-top:18px;color:#718096;overflow-wrap:anywhere}`;

function page(title: string, inner: string, lang: string): string {
	return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${inner}</main></body></html>`;
}

export function consentPage(text: ConsentText, token: string, actionUrl: string, debtorName: string): string {
	const hello = text.language === 'fr' ? `Bonjour ${debtorName},` : `Hello ${debtorName},`;
	const note =
		text.language === 'fr'
			? `Version du texte : ${text.version} — empreinte SHA-256 : ${text.sha256}`
			: `Text version: ${text.version} — SHA-256: ${text.sha256}`;
	return page(
		text.title,
		`<h1>${escapeHtml(text.title)}</h1><p class="who">${escapeHtml(hello)}</p><p>${escapeHtml(text.body)}</p>
<form method="post" action="${escapeHtml(actionUrl)}"><input type="hidden" name="token" value="${escapeHtml(token)}">
<div class="actions"><button class="accept" type="submit" name="decision" value="accept">${escapeHtml(text.acceptLabel)}</button>
<button class="decline" type="submit" name="decision" value="decline">${escapeHtml(text.declineLabel)}</button></div></form>
<small>${escapeHtml(note)}</small>`,
		text.language,
	);
}

export function resultPage(language: 'fr' | 'en', outcome: 'accepted' | 'declined' | 'invalid', detail = ''): string {
	const fr = {
		accepted: ['Merci', 'Votre consentement est enregistré. Vous pouvez le retirer à tout moment.'],
		declined: [
			'Réponse enregistrée',
			'Vous avez refusé : aucune lettre recommandée électronique ne vous sera envoyée.',
		],
		invalid: ['Lien non valable', "Ce lien a expiré, a déjà été utilisé ou n'est pas valable. Contactez l'expéditeur."],
	};
	const en = {
		accepted: ['Thank you', 'Your consent is recorded. You can withdraw it at any time.'],
		declined: ['Answer recorded', 'You declined: no electronic registered letter will be sent to you.'],
		invalid: ['Link not valid', 'This link has expired, was already used or is not valid. Please contact the sender.'],
	};
	const [title, body] = (language === 'fr' ? fr : en)[outcome];
	return page(
		title,
		`<h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p>${detail ? `<small>${escapeHtml(detail)}</small>` : ''}`,
		language,
	);
}

export function invitationEmail(text: ConsentText, link: string, debtorName: string, expiresAt: string) {
	const fr = text.language === 'fr';
	const subject = fr ? `${text.title} — merci de répondre` : `${text.title} — please answer`;
	const intro = fr
		? `Bonjour ${debtorName},\n\nNous souhaiterions pouvoir vous adresser nos courriers recommandés par voie électronique. La loi exige votre accord préalable. Vous pouvez lire le texte ci-dessous et répondre en un clic :`
		: `Hello ${debtorName},\n\nWe would like to send you our registered letters electronically. The law requires your prior agreement. You can read the text below and answer in one click:`;
	const until = fr ? `Ce lien est valable jusqu'au ${expiresAt}.` : `This link is valid until ${expiresAt}.`;
	const textBody = `${intro}\n\n${text.body}\n\n${link}\n\n${until}`;
	const html = `<p>${escapeHtml(intro).replace(/\n/g, '<br>')}</p><blockquote>${escapeHtml(text.body)}</blockquote><p><a href="${escapeHtml(link)}">${escapeHtml(fr ? 'Répondre' : 'Answer')}</a></p><p>${escapeHtml(until)}</p>`;
	return { subject, text: textBody, html };
}
