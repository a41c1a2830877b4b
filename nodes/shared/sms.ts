import { InputError } from './errors';

/**
 * GSM 03.38 basic character set (one septet each). Characters in the extension table
 * cost two septets (escape + char). Anything else forces UCS-2.
 */
const GSM7_BASIC =
	'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
	'¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '\f^{}\\[~]|€';

const gsmBasicSet = new Set(GSM7_BASIC);
const gsmExtensionSet = new Set(GSM7_EXTENSION);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentInfo {
	encoding: SmsEncoding;
	/** Septets for GSM-7, UTF-16 code units for UCS-2. */
	units: number;
	segments: number;
	/** Characters (code points) that are not in the GSM-7 alphabet. */
	nonGsmCharacters: string[];
}

export function isGsm7Character(char: string): boolean {
	return gsmBasicSet.has(char) || gsmExtensionSet.has(char);
}

/**
 * Splits a body into segments the way handsets reassemble them: a single message holds
 * 160 septets (GSM-7) or 70 UTF-16 units (UCS-2); once split, each part loses room to the
 * concatenation header (153 / 67), and an escape pair or a surrogate pair never straddles
 * two parts.
 */
export function countSegments(body: string): SegmentInfo {
	const chars = Array.from(body);
	const nonGsmCharacters = [...new Set(chars.filter((char) => !isGsm7Character(char)))];
	const encoding: SmsEncoding = nonGsmCharacters.length === 0 ? 'GSM-7' : 'UCS-2';
	const unitSizes = chars.map((char) =>
		encoding === 'GSM-7' ? (gsmExtensionSet.has(char) ? 2 : 1) : char.length,
	);
	const units = unitSizes.reduce((sum, size) => sum + size, 0);
	const single = encoding === 'GSM-7' ? 160 : 70;
	const perPart = encoding === 'GSM-7' ? 153 : 67;
	if (units === 0) return { encoding, units, segments: 0, nonGsmCharacters };
	if (units <= single) return { encoding, units, segments: 1, nonGsmCharacters };

	let segments = 1;
	let used = 0;
	for (const size of unitSizes) {
		if (used + size > perPart) {
			segments++;
			used = 0;
		}
		used += size;
	}
	return { encoding, units, segments, nonGsmCharacters };
}

export interface PhoneNumberOptions {
	/** Accept a national number (no leading + or 00) and pass it on as digits, for providers that take a country field. */
	allowNational?: boolean;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const NATIONAL = /^\d{4,15}$/;

/**
 * Normalises a phone number to E.164 (`+` and 7–15 digits). Spaces, dashes, dots and
 * parentheses are dropped and a leading `00` becomes `+`. Throws an InputError naming the
 * field otherwise.
 */
export function normalizePhoneNumber(
	value: unknown,
	field: string,
	options: PhoneNumberOptions = {},
): string {
	if (typeof value === 'number' && Number.isSafeInteger(value)) value = String(value);
	if (typeof value !== 'string') {
		throw new InputError(field, `must be a phone number, got ${describeValue(value)}`);
	}
	const trimmed = value.trim();
	if (trimmed === '') throw new InputError(field, 'is empty; enter a phone number such as +61411111111');
	const compact = trimmed.replace(/[\s\-.()/]/g, '').replace(/^00/, '+');
	if (E164.test(compact)) return compact;
	if (options.allowNational && NATIONAL.test(compact)) return compact;
	throw new InputError(
		field,
		`"${trimmed}" is not a valid phone number in international format (E.164): use + and the country code, such as +61411111111`,
	);
}

/** Short description of a value for error messages, without dumping large objects. */
export function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (value === undefined) return 'nothing (undefined)';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	return `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * The longest text sent where a provider documents no limit: 1,600 characters, Routee's documented
 * maximum (provider-notes, Routee "Length") and ten GSM-7 parts. Past it a text is a costly run of
 * parts that a provider may cut off or refuse, far more often a mistake (a whole file mapped into
 * Message) than a wish.
 */
export const MAX_SMS_CHARACTERS = 1600;

/**
 * Refuses a text longer than `max` characters (code points), naming the field, before anything is
 * sent. `max` is the provider's documented limit, or MAX_SMS_CHARACTERS where it documents none.
 */
export function checkTextLength(text: string, providerName: string, documentedMax?: number, field = 'Message'): string {
	const characters = Array.from(text).length;
	const max = documentedMax ?? MAX_SMS_CHARACTERS;
	if (characters <= max) return text;
	const limit = documentedMax === undefined ? `this node sends at most ${max} to ${providerName}, which documents no limit` : `${providerName} sends at most ${max}`;
	throw new InputError(field, `is ${characters} characters long; ${limit}`);
}

/** Digits of a number, national ones without their trunk 0s: `+61 411…` and `0411…` compare by their ends. */
export function numberDigits(value: unknown): string {
	return String(value ?? '').replace(/\D/g, '').replace(/^0+/, '');
}

/** Whether a number a provider reports is the number sent: the same digits, or the international form of a national one. */
export function sameRecipient(sent: string): (reported: unknown) => boolean {
	const sentDigits = numberDigits(sent);
	const national = !sent.startsWith('+');
	return (reported) => {
		if (sentDigits.length === 0) return false;
		const reportedDigits = numberDigits(reported);
		return reportedDigits === sentDigits || (national && reportedDigits.endsWith(sentDigits));
	};
}

/**
 * Unicode look-alikes that word processors and AI text put in messages, each with the GSM-7
 * text that reads the same. One of them in a text makes the whole message UCS-2: 70 characters
 * a part instead of 160, so it can double or triple the price.
 */
const GSM7_LOOK_ALIKES: ReadonlyArray<readonly [string, string]> = [
	['\u2018', "'"], // left single quotation mark
	['\u2019', "'"], // right single quotation mark, the typographic apostrophe
	['\u201A', "'"], // single low-9 quotation mark
	['\u201B', "'"], // single high-reversed-9 quotation mark
	['\u2032', "'"], // prime
	['\u00B4', "'"], // acute accent
	['\u0060', "'"], // grave accent (backtick): not in GSM-7
	['\u201C', '"'], // left double quotation mark
	['\u201D', '"'], // right double quotation mark
	['\u201E', '"'], // double low-9 quotation mark
	['\u201F', '"'], // double high-reversed-9 quotation mark
	['\u2033', '"'], // double prime
	['\u00AB', '"'], // left-pointing double angle quotation mark
	['\u00BB', '"'], // right-pointing double angle quotation mark
	['\u2010', '-'], // hyphen
	['\u2011', '-'], // non-breaking hyphen
	['\u2012', '-'], // figure dash
	['\u2013', '-'], // en dash
	['\u2014', '-'], // em dash
	['\u2015', '-'], // horizontal bar
	['\u2212', '-'], // minus sign
	['\u2026', '...'], // horizontal ellipsis
	['\u00A0', ' '], // no-break space
	['\u2002', ' '], // en space
	['\u2003', ' '], // em space
	['\u2009', ' '], // thin space
	['\u200A', ' '], // hair space
	['\u202F', ' '], // narrow no-break space
	['\u200B', ''], // zero-width space
	['\u2060', ''], // word joiner
	['\uFEFF', ''], // zero-width no-break space (byte order mark)
	['\u2022', '-'], // bullet
	['\u00E7', '\u00C7'], // ç: GSM-7 has only the capital Ç
];
const lookAlikes = new Map(GSM7_LOOK_ALIKES);

export interface SmartEncoding {
	/** The text with every look-alike replaced. */
	text: string;
	/** What was replaced, each character once with how often, in the order first met. */
	replacements: Array<{ character: string; replacement: string; count: number }>;
	/** Parts before and after: what the replacements saved. */
	segmentsBefore: number;
	segmentsAfter: number;
	/** Characters still outside GSM-7 (emoji, other scripts): the text stays UCS-2 while any is left. */
	remainingNonGsm: string[];
}

/** Replaces Unicode look-alikes with their GSM-7 forms, and says what that changed. */
export function smartEncode(body: string): SmartEncoding {
	const counts = new Map<string, number>();
	let text = '';
	for (const char of body) {
		const replacement = lookAlikes.get(char);
		if (replacement === undefined) {
			text += char;
			continue;
		}
		counts.set(char, (counts.get(char) ?? 0) + 1);
		text += replacement;
	}
	const after = countSegments(text);
	return {
		text,
		replacements: [...counts].map(([character, count]) => ({ character, replacement: lookAlikes.get(character)!, count })),
		segmentsBefore: countSegments(body).segments,
		segmentsAfter: after.segments,
		remainingNonGsm: after.nonGsmCharacters,
	};
}
