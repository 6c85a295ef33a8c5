/**
 * AR24 wire shapes as far as public sources show them (AR24's API documentation and public clients). Field names are AR24's; types are
 * lenient because AR24 mixes strings, numbers and booleans. Unknown fields may appear at any time.
 */
export interface Ar24User {
	id: number | string;
	firstname?: string;
	lastname?: string;
	name?: string;
	email: string;
	statut?: string;
	company?: string;
	[field: string]: unknown;
}

export interface Ar24AttachmentDetail {
	id: number | string;
	name: string;
	hash_sha1?: string;
	hash_sha256?: string;
	file_size?: number;
	human_file_size?: string;
	download_url?: string;
}

/** The letter ("mail") object of `POST /mail`, `GET /mail` and `GET /user/mail`. */
export interface Ar24Mail {
	id: number | string;
	type?: string;
	status?: string;
	from_name?: string;
	from_email?: string;
	to_name?: string;
	to_firstname?: string;
	to_lastname?: string;
	to_company?: string;
	to_email?: string;
	dest_statut?: string;
	id_sender?: number | string;
	price_ht?: number | string;
	ref_dossier?: string;
	ref_client?: string;
	ref_facturation?: string;
	date?: string;
	full_hash_sha256?: string;
	/** AR24 could not send the letter (boolean, or `0`/`1` as number or text). */
	send_fail?: boolean | number | string;
	is_eidas?: boolean | number | string;
	proof_dp_url?: string | null;
	proof_ev_url?: string | null;
	ts_ev_date?: string | null;
	proof_ar_url?: string | null;
	view_date?: string | null;
	proof_rf_url?: string | null;
	refused_date?: string | null;
	proof_ng_url?: string | null;
	negligence_date?: string | null;
	proof_bc_url?: string | null;
	bounced_date?: string | null;
	pdf_content?: string | null;
	zip?: string | null;
	attachments?: Array<number | string>;
	attachments_details?: Ar24AttachmentDetail[];
	/** Recipient identity corrections made or verified by AR24. */
	update?: Array<{
		id_recipient_update?: number | string;
		date?: string;
		firstname?: string;
		lastname?: string;
		company?: string;
	}>;
	[field: string]: unknown;
}

/**
 * Status strings. Only `waiting` is confirmed by AR24's documentation; the others are a best guess
 * (UNCONFIRMED). Nodes never branch on them: the state comes from the date fields.
 */
export const AR24_STATUS = {
	waiting: 'waiting',
	sent: 'sent',
	accepted: 'AR',
	refused: 'refused',
	negligence: 'negligence',
	bounced: 'bounced',
	failed: 'error',
	toValidate: 'to_valid',
} as const;
