/**
 * What one execution of LRE Send shares across its items: the provider of its credential (nodes/shared/provider.ts,
 * its calls carried for the item being served), the sender account (read once), the index of the
 * sender's letters by case reference (read lazily, page by page), n8n's send record, and a lock per canonical
 * reference so two items with the same reference in one batch cannot both send.
 */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { base32Decode, totp } from '../../../lib/otp/totp';
import { KeyedLock } from '../../../lib/letter/sendOnce';
import type { LetterProvider } from '../../../lib/provider/types';
import { providerFor, type ProviderHandle } from '../../shared/provider';
import type { SenderInfo } from '../../shared/sender';
import { LetterIndex } from './letter/letterIndex';
import { N8nSendRecord } from './letter/sendRecord';

export class RunState {
	private sender?: Promise<SenderInfo>;
	private index?: LetterIndex<unknown>;
	private sendRecord?: N8nSendRecord;
	private otpSession?: Promise<string>;
	readonly lock = new KeyedLock();

	constructor(private readonly context: IExecuteFunctions) {}

	/** The provider and its credential, for one item. */
	handle(itemIndex: number): ProviderHandle {
		return providerFor.call(this.context, itemIndex);
	}

	/** The provider, its calls carried for one item. */
	provider(itemIndex: number): LetterProvider {
		return this.handle(itemIndex).provider;
	}

	/** The sender, read once per execution; a failed read is not kept, so the next item tries again. */
	async senderInfo(itemIndex: number): Promise<SenderInfo> {
		if (!this.sender) {
			const reading = this.provider(itemIndex).getSender() as Promise<SenderInfo>;
			this.sender = reading;
			reading.catch(() => {
				if (this.sender === reading) this.sender = undefined;
			});
		}
		return await this.sender;
	}

	/**
	 * One eIDAS OTP session per execution, opened with the code computed from the credential's OTP key (RFC 6238):
	 * every qualified letter of the batch uses its hash. A failure is not kept, so the next item tries again.
	 */
	async otpSessionFromKey(itemIndex: number): Promise<string> {
		if (!this.otpSession) {
			const opening = (async () => {
				const handle = this.handle(itemIndex);
				const { label } = handle.provider;
				const key = await handle.otpSecret();
				let otp: string;
				try {
					if (!key || base32Decode(key).length < 10) throw new Error('no key');
					otp = totp(key);
				} catch {
					throw new NodeOperationError(
						this.context.getNode(),
						`Item ${itemIndex}: "Sender Authentication" is set to the credential's OTP key, but the ${label} credential has no valid Sender OTP Key`,
						{
							itemIndex,
							description: `Open the ${label} API credential and enter the secret of the sender's OTP key (base32, as on the paper ${label} posted), or choose another Sender Authentication.`,
						},
					);
				}
				const sender = await this.senderInfo(itemIndex);
				const session = await handle.provider.startOtpSession(sender.senderId, otp);
				if (!session.hash)
					throw new NodeOperationError(this.context.getNode(), `Item ${itemIndex}: ${label} opened no OTP session`, {
						itemIndex,
						description: `Check the Sender OTP Key in the ${label} credential: ${label} did not accept the code computed from it.`,
					});
				return session.hash;
			})();
			this.otpSession = opening;
			opening.catch(() => {
				if (this.otpSession === opening) this.otpSession = undefined;
			});
		}
		return await this.otpSession;
	}

	async letters(itemIndex: number): Promise<LetterIndex<unknown>> {
		const sender = await this.senderInfo(itemIndex);
		this.index ??= new LetterIndex(this.context, (i) => this.provider(i), sender.senderId);
		return this.index;
	}

	async record(itemIndex: number): Promise<N8nSendRecord> {
		const handle = this.handle(itemIndex);
		// Maileva: one account holds every kind of letter (one listing across its APIs), so the record is keyed by the
		// account's login, as it was before the credential had a Sender ID: adding one keeps the earlier records.
		const scope =
			handle.provider.name === 'maileva'
				? await handle.configuredSender()
				: (await this.senderInfo(itemIndex)).senderId;
		this.sendRecord ??= new N8nSendRecord(this.context.helpers ?? {}, scope);
		return this.sendRecord;
	}
}
