/**
 * AR24 error slugs (from AR24's API documentation) with a sentence for the person who has to fix it.
 * `retryable`: the same request may succeed later without any change (AR24 did nothing the first time).
 */
export interface SlugInfo {
	/** What went wrong, in plain words. */
	message: string;
	/** What to change so the next run succeeds. */
	fix: string;
	retryable: boolean;
}

const CREDENTIAL_FIX =
	'Open the AR24 API credential and check the API token and private key (AR24 sends both when API access is granted).';
const CLOCK_FIX =
	"AR24 accepts a request only within minutes of its own clock: check that this server's clock is set (NTP).";

export const AR24_SLUGS: Readonly<Record<string, SlugInfo>> = {
	token_missing: { message: 'No API token was sent', fix: CREDENTIAL_FIX, retryable: false },
	token_invalid: { message: 'The API token is not valid', fix: CREDENTIAL_FIX, retryable: false },
	empty_date: { message: 'The request carried no date', fix: CLOCK_FIX, retryable: false },
	invalid_date: { message: 'The request date is not YYYY-MM-DD HH:mm:ss', fix: CLOCK_FIX, retryable: false },
	expired_date: { message: 'The request date is too old for AR24', fix: CLOCK_FIX, retryable: true },
	date_in_future: { message: 'The request date is ahead of AR24', fix: CLOCK_FIX, retryable: true },
	empty_signature: { message: 'The request carried no signature', fix: CREDENTIAL_FIX, retryable: false },
	invalid_signature: {
		message: 'The request signature does not match the private key of this token',
		fix: CREDENTIAL_FIX,
		retryable: false,
	},
	user_not_exist: {
		message: 'No AR24 user matches this sender',
		fix: 'Set the sender (AR24 user id or e-mail) in the credential to an account linked to your API token.',
		retryable: false,
	},
	user_unavailable: {
		message: 'This AR24 user has not granted access to your API token',
		fix: 'Ask the account holder to accept the API access request AR24 e-mailed them, or choose another sender.',
		retryable: false,
	},
	user_account_not_confirmed: {
		message: 'The sender has not confirmed their AR24 e-mail address',
		fix: 'The sender must click the confirmation link AR24 e-mailed them.',
		retryable: false,
	},
	user_eula_not_accepted: {
		message: "The sender has not accepted AR24's terms of use",
		fix: 'The sender must log in to AR24 once and accept the terms of use.',
		retryable: false,
	},
	user_name_empty: {
		message: "The sender's first or last name is empty at AR24",
		fix: "Complete the sender's name in their AR24 profile.",
		retryable: false,
	},
	user_no_payment: {
		message: 'The sender has no payment method at AR24',
		fix: 'Add a payment method to the sender account (or its team admin) in AR24.',
		retryable: false,
	},
	missing_user_id: { message: 'No sender id was sent', fix: 'Set the sender in the credential.', retryable: false },
	missing_email: {
		message: 'The recipient e-mail is missing',
		fix: 'Map a recipient e-mail address.',
		retryable: false,
	},
	invalid_recipient: {
		message: 'The recipient e-mail address is not valid',
		fix: 'Correct the recipient e-mail address.',
		retryable: false,
	},
	invalid_email: {
		message: 'The recipient e-mail domain does not exist',
		fix: 'Correct the recipient e-mail address (check the part after @).',
		retryable: false,
	},
	same_sender_recipients_emails: {
		message: 'The recipient e-mail is the sender e-mail',
		fix: 'A registered letter cannot be sent to yourself: use the debtor e-mail address.',
		retryable: false,
	},
	group_not_exist: { message: 'The group id does not exist', fix: 'Remove or correct the group id.', retryable: false },
	attachment_not_exists: {
		message: 'An attachment id does not exist',
		fix: 'Upload the attachment again before sending.',
		retryable: false,
	},
	attachment_unavailable: {
		message: 'An attachment cannot be used',
		fix: 'Upload the attachment again with the same sender before sending.',
		retryable: false,
	},
	attachment_too_big: {
		message: 'An attachment is empty or larger than AR24 accepts (256 MB)',
		fix: 'Check the PDF attachments: none may be empty, and each must stay under 256 MB.',
		retryable: false,
	},
	attachment_empty_name: { message: 'An attachment has no file name', fix: 'Give the file a name.', retryable: false },
	attachment_missing_file: { message: 'No file was uploaded', fix: 'Check the binary property.', retryable: false },
	content_exceeds_limit: {
		message: 'The letter text is longer than AR24 accepts',
		fix: 'Shorten the content and put the full letter in a PDF attachment.',
		retryable: false,
	},
	forbidden_html: {
		message: 'The letter text contains HTML tags AR24 refuses',
		fix: 'Send plain text, or only simple formatting tags.',
		retryable: false,
	},
	error_no_content_no_attachment: {
		message: 'The letter has neither text nor attachment',
		fix: 'Add a content text or at least one PDF attachment.',
		retryable: false,
	},
	authentication_missing: {
		message: 'A qualified LRE (eIDAS) needs the sender to authenticate',
		fix: 'Give the current OTP code of the sender, or start an OTP session (Sender → Start OTP Session) first.',
		retryable: false,
	},
	authentication_otp_invalid: {
		message: 'The OTP code is not valid',
		fix: "Use the current 6-digit code of the sender's AR24 OTP key (codes change every 30 seconds).",
		retryable: false,
	},
	authentication_otp_hash_invalid: {
		message: 'The OTP session is missing or has expired',
		fix: 'Start a new OTP session (valid one hour) with Sender → Start OTP Session.',
		retryable: false,
	},
	missing_erm_id: { message: 'No valid letter id was given', fix: 'Map the AR24 letter id.', retryable: false },
	missing_otp: {
		message: 'No OTP code was given',
		fix: "Give the current code of the sender's OTP key.",
		retryable: false,
	},
};

/** The sentence pair for a slug; unknown slugs keep AR24's own message. */
export function describeSlug(slug: string | undefined, providerMessage?: string): SlugInfo {
	const known = slug ? AR24_SLUGS[slug] : undefined;
	if (known) return known;
	return {
		message: providerMessage?.trim() || `AR24 refused the request${slug ? ` (${slug})` : ''}`,
		fix: 'See the AR24 message above; if it persists, contact AR24 support with the request date.',
		retryable: false,
	};
}
