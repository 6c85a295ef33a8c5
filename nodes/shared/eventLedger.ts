/**
 * The once-only ledger of both LRE triggers (webhook and poll): which (letter, state) events a trigger already
 * emitted, so that AR24's retries (every 15 minutes, up to 48 times), duplicate deliveries and repeated polls start
 * one execution per event.
 *
 * What n8n stores durably for a trigger is the workflow's static data, in its database; nothing else is open to a
 * webhook or a poll (no `checkProcessedAndRecord` there, no transaction). Two n8n behaviours make a plain write
 * unreliable: several deliveries are handled at once, each saving the static data it loaded (the last save drops the
 * others' events); and when a webhook or poll starts an execution, n8n 2.x resets the "changed" flag of the static
 * data as it creates that execution, so the write made just before is not saved. Hence:
 *  - every n8n process remembers what each trigger emitted (and saw), and every write stores the union of it and
 *    what was saved — a process never forgets its own events, whatever order the saves come in;
 *  - a request that starts no execution stores the union when the saved record lacks something (its save works);
 *  - after an emission the union is written again a few times while the execution runs, so its end saves it.
 *
 * The guarantee that follows: within one n8n process, exactly once per event (tested with 1,000 parallel duplicate
 * deliveries); across processes (queue mode with several webhook processes, or a process restarted before its
 * memory was saved) **at least once** — two processes that take the same event at the same moment both emit it.
 * Every item carries `eventKey` = `letterId:state`, the idempotent key downstream nodes use (n8n's Remove Duplicates,
 * an upsert by key, a file named after it) to act once per event.
 */
import { sleep, type IDataObject } from 'n8n-workflow';
import { EventMemory, eventKey, type EventRecord } from '../../lib/letter/eventMemory';

/** Per trigger (workflow id : node id): what this n8n process emitted or saw. */
const inProcess = new Map<string, EventMemory>();
const REWRITE_AFTER_MS = [50, 250, 1000, 3000];

/** The idempotent key of an event, as every trigger item carries it (`eventKey`). */
export { eventKey };

interface LedgerContext {
	getWorkflowStaticData(type: string): IDataObject;
	getWorkflow(): { id?: string };
	getNode(): { id: string };
}

export class EventLedger {
	private readonly staticData: IDataObject;
	private readonly triggerId: string;
	/** Whether this process had already seen this trigger before this ledger was opened. */
	readonly knownInProcess: boolean;
	private readonly process: EventMemory;

	/**
	 * The ledger of the trigger `context` runs. `remember: false` (manual test runs) reads it and changes nothing,
	 * neither in the process nor in the static data.
	 */
	constructor(
		context: LedgerContext,
		private readonly remember = true,
	) {
		this.staticData = context.getWorkflowStaticData('node');
		this.triggerId = `${context.getWorkflow().id ?? ''}:${context.getNode().id}`;
		const known = inProcess.get(this.triggerId);
		this.knownInProcess = known !== undefined;
		this.process = known ?? new EventMemory({});
		if (remember && !known) inProcess.set(this.triggerId, this.process);
	}

	private stored(): EventRecord {
		return (this.staticData.emitted as EventRecord | undefined) ?? {};
	}

	/** Whether the event was emitted (or is being emitted) already, by this process or as saved. */
	has(letterId: string, state: string): boolean {
		return this.stored()[eventKey(letterId, state)] !== undefined || this.process.has(letterId, state);
	}

	/** Claims an event for emission; false when it was emitted or is being emitted already. Call `save()` after. */
	claim(letterId: string, state: string): boolean {
		if (!this.remember || this.stored()[eventKey(letterId, state)] !== undefined) return false;
		return this.process.add(letterId, state);
	}

	/** Gives an event back when it could not be emitted, so a later delivery or poll tries again. */
	release(letterId: string, state: string): void {
		this.process.remove(letterId, state);
		const stored = { ...this.stored() };
		if (stored[eventKey(letterId, state)] === undefined) return;
		delete stored[eventKey(letterId, state)];
		this.staticData.emitted = stored;
	}

	/**
	 * Writes what was saved plus what this process knows, as a new object so n8n sees the change — only when the saved
	 * record lacks something (an unchanged record is not written: n8n would save the workflow for nothing).
	 */
	save(): void {
		if (!this.remember) return;
		const stored = this.stored();
		const missing = Object.keys(this.process.record).some((key) => stored[key] === undefined);
		if (!missing && this.staticData.emitted !== undefined) return;
		const union = new EventMemory({ ...stored, ...this.process.record });
		union.prune();
		this.staticData.emitted = { ...union.record };
	}

	/** Writes the union again while the execution an emission started runs (see above), so its end saves it. */
	saveLater(): void {
		if (!this.remember) return;
		for (const ms of REWRITE_AFTER_MS) {
			void sleep(ms).then(() => {
				const union = new EventMemory({ ...this.stored(), ...this.process.record });
				union.prune();
				this.staticData.emitted = { ...union.record };
			});
		}
	}
}
