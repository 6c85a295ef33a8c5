/**
 * Maileva's rules for a postal registered letter (`registered_mail/v4`, from its OpenAPI file
 * `api-registered_mail-v4-9.yaml`): the destination countries, the six 38-character address lines of the French
 * postal standard (NF Z10-011: 1 company, 2 person, 3 building, 4 number and street, 5 locality or PO box, 6 postcode
 * and city), postage and archiving values. Where LRE Send puts each line the user typed is its own choice
 * (UNCONFIRMED that Maileva checks more than the lengths and the last line; README).
 */

/** `country_code`: "Codes autorisés FR, MC, RE, YT, MQ, GP, MF, BL, GF". */
export const MAILEVA_COUNTRIES = ['FR', 'MC', 'RE', 'YT', 'MQ', 'GP', 'MF', 'BL', 'GF'] as const;
/** `archiving_duration`: "durées autorisées 3, 6, 10" (years). */
export const MAILEVA_ARCHIVING_YEARS = [3, 6, 10] as const;
/** `postage_type`: "Valeurs autorisées FAST, URGENT" (3 and 2 days). */
export const MAILEVA_POSTAGE = ['FAST', 'URGENT'] as const;
/** `address_line_1` … `address_line_6`: maxLength 38. */
export const ADDRESS_LINE_MAX = 38;
/** The lines the user gives under the recipient line (lines 2 to 6). */
export const USER_ADDRESS_LINES = 5;

/** What is wrong with the typed address, with the fix (undefined when it can be posted). */
export function addressProblem(lines: string[]): { problem: string; fix: string } | undefined {
	if (lines.length === 0)
		return { problem: 'is empty', fix: 'Give the street on the first row and the postcode and city on the last row.' };
	if (lines.length > USER_ADDRESS_LINES) {
		return {
			problem: `has ${lines.length} lines, more than the ${USER_ADDRESS_LINES} Maileva prints under the recipient's name`,
			fix: 'Merge lines (building and street, for instance) to keep at most 5.',
		};
	}
	const long = lines.findIndex((line) => line.length > ADDRESS_LINE_MAX);
	if (long !== -1) {
		return {
			problem: `line ${long + 1} ("${lines[long]}") is ${lines[long].length} characters long, more than the ${ADDRESS_LINE_MAX} a postal address line may have`,
			fix: 'Abbreviate it (e.g. "avenue" → "av", "boulevard" → "bd") or split it over two rows.',
		};
	}
	const last = lines[lines.length - 1];
	if (!/^\d{5}\s+\S/.test(last)) {
		return {
			problem: `ends with "${last}", not with the postcode and city`,
			fix: 'Put the 5-digit postcode and the city on the last row, e.g. "75011 Paris".',
		};
	}
	return undefined;
}

/** Whether `name` fits on the recipient line. */
export function nameLineProblem(name: string): string | undefined {
	return name.length > ADDRESS_LINE_MAX
		? `is ${name.length} characters long, more than the ${ADDRESS_LINE_MAX} of the address line that names the recipient`
		: undefined;
}

/**
 * The six address lines Maileva receives (empty = not sent): the recipient on line 1 (a company) or 2 (a person),
 * the postcode and city on line 6, the street lines above it ending on line 4 (number and street) when they fit.
 */
export function mailevaAddressLines(recipient: { name: string; company: boolean }, typed: string[]): string[] {
	const slots = ['', '', '', '', '', ''];
	const street = typed.slice(0, -1);
	slots[5] = typed[typed.length - 1] ?? '';
	let nameSlot = recipient.company ? 0 : 1;
	if (street.length > 3 && nameSlot === 1) nameSlot = 0;
	slots[nameSlot] = recipient.name;
	// Free slots between the name and the postcode line: 2..5 (indexes 1..4) minus the name's.
	const free = [1, 2, 3, 4].filter((i) => i !== nameSlot);
	const upToStreet = free.filter((i) => i <= 3);
	const chosen =
		street.length <= upToStreet.length
			? upToStreet.slice(upToStreet.length - street.length)
			: free.slice(0, street.length);
	chosen.forEach((slot, i) => (slots[slot] = street[i]));
	return slots;
}
