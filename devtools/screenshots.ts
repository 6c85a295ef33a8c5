/**
 * `npm run screenshots`: the README's editor images, taken from the demo in a real n8n with Debian's headless
 * chromium (loopback only): the demo pipeline on the canvas, and the panel of each of our nodes.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Page } from 'puppeteer-core';
import { startDemo } from '../demo/run';
import { freePort, ROOT } from './n8n';
import { tmpdir } from 'node:os';

const DOCS = join(ROOT, 'docs');

const SHOTS: Array<{ file: string; workflow: string; node?: string }> = [
	{ file: 'editor-demo-pipeline.png', workflow: 'lreDemoPipeline' },
	{ file: 'panel-dunning-plan.png', workflow: 'lreDemoPipeline', node: 'Dunning Plan' },
	{ file: 'panel-notice-generator.png', workflow: 'lreDemoPipeline', node: 'Notice Generator' },
	{ file: 'panel-lre-send.png', workflow: 'lreDemoPipeline', node: 'LRE Send' },
	{ file: 'panel-lre-trigger.png', workflow: 'lreDemoProofArchive', node: 'Letter status changed' },
	{ file: 'panel-consent-invite.png', workflow: 'lreExampleConsentInvite', node: 'Create invite' },
];

/** Opens a page of the editor; on a loaded machine n8n's editor may never go network-idle, so a slow load is waited out, not fatal. */
async function open(page: Page, url: string): Promise<void> {
	await page.goto(url, { waitUntil: 'networkidle2', timeout: 90_000 }).catch(async (error: unknown) => {
		if (!(error instanceof Error && error.name === 'TimeoutError')) throw error;
		process.stdout.write(`(${url}: not network-idle after 90 s, taken anyway)\n`);
	});
}

async function settle(page: Page, ms = 2500): Promise<void> {
	await new Promise((r) => setTimeout(r, ms));
	await page.evaluate('document.fonts && document.fonts.ready');
}

/**
 * Hides n8n's own pop-overs that cover the panel (the "Production Checklist" n8n 2.x opens on a published
 * workflow): the smallest element holding the title and its first item is taken out of the page. Returns the titles
 * hidden (printed, so a run says what it removed).
 */
async function hidePopovers(page: Page): Promise<string[]> {
	return (await page.evaluate(`(() => {
		const hidden = [];
		for (const [title, item] of [['Production Checklist', 'Set up error notifications']]) {
			const boxes = [...document.querySelectorAll('body *')].filter((el) => {
				const text = el.innerText || '';
				return text.includes(title) && text.includes(item);
			});
			const box = boxes.sort((x, y) => x.innerText.length - y.innerText.length)[0];
			if (box) { box.style.display = 'none'; hidden.push(title); }
		}
		return hidden;
	})()`)) as string[];
}

async function main(): Promise<void> {
	mkdirSync(DOCS, { recursive: true });
	const demo = await startDemo({
		out: join(tmpdir(), `lre-shots-${Date.now()}`),
		port: await freePort(),
		log: (l) => process.stdout.write(`${l}\n`),
	});
	const browser = await puppeteer.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--window-size=1600,1000'],
	});
	try {
		// The consent invite example, with the demo's credentials, for its panel.
		const invite = JSON.parse(
			(await import('node:fs'))
				.readFileSync(join(ROOT, 'examples', 'consent-invite.json'), 'utf8')
				.replaceAll('"REPLACE_ME"', '"ar24sandbox"'),
		) as Record<string, unknown>;
		await demo.n8n.importWorkflow({ ...invite, id: 'lreExampleConsentInvite' });
		await demo.runPipeline();
		await demo.settleLetters();

		const page = await browser.newPage();
		await page.setViewport({ width: 1600, height: 1000 });
		await page.goto(`${demo.base}/signin`, { waitUntil: 'networkidle2' });
		await page.type('input[type="email"], input[name="emailOrLdapLoginId"]', demo.owner.email);
		await page.type('input[type="password"]', demo.owner.password);
		await page.keyboard.press('Enter');
		await page.waitForNavigation({ waitUntil: 'networkidle2' }).catch(() => undefined);
		for (const shot of SHOTS) {
			const workflow = JSON.parse(
				JSON.stringify(await demo.n8n.rest(demo.base, 'GET', `/workflows/${shot.workflow}`)),
			) as { body: { data: { nodes: Array<{ id: string; name: string }> } } };
			const nodeId = shot.node ? workflow.body.data.nodes.find((n) => n.name === shot.node)?.id : undefined;
			await open(page, `${demo.base}/workflow/${shot.workflow}${nodeId ? `/${nodeId}` : ''}`);
			await settle(page);
			await page.keyboard.press('Escape').catch(() => undefined);
			if (nodeId) {
				// Reopen the panel if Escape closed a tooltip and the panel with it.
				await open(page, `${demo.base}/workflow/${shot.workflow}/${nodeId}`);
				await settle(page, 4000);
			} else {
				await page.keyboard.press('1').catch(() => undefined); // zoom to fit
				await settle(page, 1000);
			}
			const hidden = await hidePopovers(page);
			if (hidden.length) process.stdout.write(`(hidden: ${hidden.join(', ')})\n`);
			await page.screenshot({ path: join(DOCS, shot.file) as `${string}.png` });
			process.stdout.write(`docs/${shot.file}\n`);
		}
	} finally {
		await browser.close();
		await demo.stop();
	}
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exit(1);
	},
);
