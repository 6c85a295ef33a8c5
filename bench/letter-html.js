// The same composed letter as HTML + CSS, for headless Chromium: same words, same A4 layout intent.
const { longDate, money, shortDate } = require('../dist/lib/notice/format');

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

module.exports = function html(letter) {
	const { input, language: l } = letter;
	const c = input.creditor;
	const d = input.debtor;
	const rows = letter.rows
		.map(
			(r) =>
				`<tr><td>${esc(r.number)}</td><td>${shortDate(l, r.issueDate)}</td><td>${shortDate(l, r.dueDate)}</td><td class="n">${money(l, r.amount)}</td><td class="n">${money(l, r.paid)}</td><td class="n">${money(l, r.outstanding)}</td></tr>`,
		)
		.join('');
	const totals = letter.totals
		.map(
			([k, v], i, all) =>
				`<tr class="${i === all.length - 1 ? 'b' : ''}"><td colspan="5" class="n">${esc(k)}</td><td class="n">${esc(v)}</td></tr>`,
		)
		.join('');
	const p = (t) => `<p>${esc(t)}</p>`;
	return `<!doctype html><html lang="${l}"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 20mm 20mm 22mm 20mm; }
body { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; color: #1a1a1a; }
.head { font-size: 8.5pt; color: #555; width: 90mm; } .head b { font-size: 13pt; color: #1a1a1a; display: block; }
.to { margin-left: 90mm; margin-top: 18mm; width: 85mm; } .to .rl { font-size: 8pt; font-weight: bold; }
.date { text-align: right; margin-top: 12mm; } p { text-align: justify; margin: 0 0 6pt; }
table { width: 100%; border-collapse: collapse; font-size: 8.5pt; margin: 4pt 0; } th { background: #ececec; text-align: left; }
td, th { padding: 2pt 3pt; border-bottom: 0.4pt solid #b8b8b8; } .n { text-align: right; } .b td { font-weight: bold; font-size: 9.5pt; }
.detail { font-size: 7.5pt; color: #555; } .sig { margin-left: 90mm; margin-top: 12pt; }
</style></head><body>
<div class="head"><b>${esc(c.name)}</b>${esc([c.legalForm, `SIREN/SIRET ${c.siren}`].join(' – '))}<br>${c.address.split('\n').map(esc).join('<br>')}<br>${esc([c.email, c.phone].filter(Boolean).join(' – '))}</div>
<div class="to"><div class="rl">LETTRE RECOMMANDÉE ÉLECTRONIQUE</div><b>${esc(d.name)}</b><br>${d.contactName ? `À l’attention de ${esc(d.contactName)}<br>` : ''}${d.address.split('\n').map(esc).join('<br>')}<br>SIREN ${esc(d.siren)}</div>
<div class="date">${esc(input.place)}, le ${longDate(l, input.date)}</div>
<p>Réf. : ${esc(input.reference)}</p><p><b>Objet : ${esc(letter.subject)}</b></p>
${p(letter.salutation)}${letter.before.map(p).join('')}
<table><tr><th>Facture n°</th><th>Émise le</th><th>Échéance</th><th class="n">Montant TTC</th><th class="n">Réglé</th><th class="n">Restant dû</th></tr>${rows}${totals}</table>
<p class="detail">Détail du calcul des pénalités : ${esc(letter.penaltyDetail.join(' ; '))}</p>
${letter.after.map(p).join('')}${p(letter.closing)}
<div class="sig"><b>${esc(c.signatoryName)}</b><br>${esc(c.signatoryTitle)}<br>${esc(c.name)}</div>
</body></html>`;
};
