import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { smartEncodingOption } from './descriptions';
import { InputError } from './errors';
import type { CallAnswer, PreparedMessage, SendGateway } from './gateway';

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

/** What Smart Encoding changed in one item's text, as its output item reports it. */
export interface SmartEncodingReport {
	replacements: SmartEncoding['replacements'];
	partsBefore: number;
	partsAfter: number;
}

/**
 * Smart Encoding for one send or price run, the option read from the collection the operation
 * keeps it in. A gateway's `read` passes an item's text through `text` before its length checks,
 * so what is sent, priced, fingerprinted for Retry On Fail and matched by "Skip Recipients Already
 * Sent" is the encoded text; `reporting` wraps the gateway so the item's results say what changed.
 */
/** Whether an options collection turns Smart Encoding on; anything but true or false is an input error. */
export function smartEncodingOn(options: IDataObject): boolean {
	const on = options[smartEncodingOption.name] ?? false;
	if (typeof on !== 'boolean') throw new InputError(smartEncodingOption.displayName, `must be true or false, got ${describeValue(on)}`);
	return on;
}

export class SmartEncoder {
	/** By item: made when the item is read, looked up when its call is answered. */
	private readonly reports = new Map<number, SmartEncodingReport>();

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly collection: string,
	) {}

	/** The item's text as it goes out: its look-alikes replaced when the item's option is on. */
	text(itemIndex: number, body: string): string {
		if (!smartEncodingOn(this.context.getNodeParameter(this.collection, itemIndex, {}) as IDataObject)) return body;
		const encoded = smartEncode(body);
		this.reports.set(itemIndex, { replacements: encoded.replacements, partsBefore: encoded.segmentsBefore, partsAfter: encoded.segmentsAfter });
		return encoded.text;
	}

	/** The gateway, each accepted result of an encoded item given its `smartEncoding` report. */
	reporting<M>(gateway: SendGateway<M>): SendGateway<M> {
		// Inherits every other member, getters included: a provider's `pace` exists only once connected.
		const reporting = Object.create(gateway) as SendGateway<M>;
		reporting.send = async (batch) => this.withReports(batch, await gateway.send(batch));
		const price = gateway.price;
		if (price) reporting.price = async (batch) => this.withReports(batch, await price.call(gateway, batch));
		return reporting;
	}

	private withReports<M>(batch: Array<PreparedMessage<M>>, answer: CallAnswer): CallAnswer {
		if ('whole' in answer) {
			const report = mergedReport(batch.map(({ itemIndex }) => this.reports.get(itemIndex)));
			return report ? { ...answer, whole: { ...answer.whole, smartEncoding: reportJson(report) } } : answer;
		}
		const perMessage = answer.perMessage.map((results, position) => {
			const report = this.reports.get(batch[position].itemIndex);
			if (!report) return results;
			return results.map((result) => (result.outcome === 'accepted' ? { ...result, json: { ...result.json, smartEncoding: reportJson(report) } } : result));
		});
		return { ...answer, perMessage };
	}
}

/** A copy per output item: items of one campaign must not share objects a later node may change. */
function reportJson(report: SmartEncodingReport): IDataObject {
	return { replacements: report.replacements.map((replacement) => ({ ...replacement })), partsBefore: report.partsBefore, partsAfter: report.partsAfter };
}

/**
 * One answer for a whole call (a campaign's price) stands for items whose typed texts may differ
 * though they encode alike: each replacement at its largest count, and the most parts any had.
 * Items with the option off add nothing.
 */
function mergedReport(reports: Array<SmartEncodingReport | undefined>): SmartEncodingReport | undefined {
	const present = reports.filter((report): report is SmartEncodingReport => report !== undefined);
	if (present.length === 0) return undefined;
	const replacements = new Map<string, SmartEncodingReport['replacements'][number]>();
	for (const report of present) {
		for (const replacement of report.replacements) {
			const seen = replacements.get(replacement.character);
			if (!seen || seen.count < replacement.count) replacements.set(replacement.character, replacement);
		}
	}
	return {
		replacements: [...replacements.values()],
		partsBefore: Math.max(...present.map((report) => report.partsBefore)),
		partsAfter: Math.max(...present.map((report) => report.partsAfter)),
	};
}

/**
 * ITU-T E.164 country calling codes and the country each is assigned to (ISO 3166-1 alpha-2),
 * for the codes that name one country. +1 (the North American Numbering Plan: the US, Canada and
 * the Caribbean) names none: its country depends on the area code.
 */
const CALLING_CODES: Record<string, string | null> = {
	'1': null, '7': 'RU', '76': 'KZ', '77': 'KZ', '20': 'EG', '27': 'ZA', '30': 'GR', '31': 'NL', '32': 'BE', '33': 'FR',
	'34': 'ES', '36': 'HU', '39': 'IT', '40': 'RO', '41': 'CH', '43': 'AT', '44': 'GB', '45': 'DK', '46': 'SE', '47': 'NO',
	'48': 'PL', '49': 'DE', '51': 'PE', '52': 'MX', '53': 'CU', '54': 'AR', '55': 'BR', '56': 'CL', '57': 'CO', '58': 'VE',
	'60': 'MY', '61': 'AU', '62': 'ID', '63': 'PH', '64': 'NZ', '65': 'SG', '66': 'TH', '81': 'JP', '82': 'KR', '84': 'VN',
	'86': 'CN', '90': 'TR', '91': 'IN', '92': 'PK', '93': 'AF', '94': 'LK', '95': 'MM', '98': 'IR', '211': 'SS', '212': 'MA',
	'213': 'DZ', '216': 'TN', '218': 'LY', '220': 'GM', '221': 'SN', '222': 'MR', '223': 'ML', '224': 'GN', '225': 'CI',
	'226': 'BF', '227': 'NE', '228': 'TG', '229': 'BJ', '230': 'MU', '231': 'LR', '232': 'SL', '233': 'GH', '234': 'NG',
	'235': 'TD', '236': 'CF', '237': 'CM', '238': 'CV', '239': 'ST', '240': 'GQ', '241': 'GA', '242': 'CG', '243': 'CD',
	'244': 'AO', '245': 'GW', '248': 'SC', '249': 'SD', '250': 'RW', '251': 'ET', '252': 'SO', '253': 'DJ', '254': 'KE',
	'255': 'TZ', '256': 'UG', '257': 'BI', '258': 'MZ', '260': 'ZM', '261': 'MG', '263': 'ZW', '264': 'NA', '265': 'MW',
	'266': 'LS', '267': 'BW', '268': 'SZ', '269': 'KM', '291': 'ER', '297': 'AW', '298': 'FO', '299': 'GL', '350': 'GI',
	'351': 'PT', '352': 'LU', '353': 'IE', '354': 'IS', '355': 'AL', '356': 'MT', '357': 'CY', '358': 'FI', '359': 'BG',
	'370': 'LT', '371': 'LV', '372': 'EE', '373': 'MD', '374': 'AM', '375': 'BY', '376': 'AD', '377': 'MC', '378': 'SM',
	'380': 'UA', '381': 'RS', '382': 'ME', '383': 'XK', '385': 'HR', '386': 'SI', '387': 'BA', '389': 'MK', '420': 'CZ',
	'421': 'SK', '423': 'LI', '500': 'FK', '501': 'BZ', '502': 'GT', '503': 'SV', '504': 'HN', '505': 'NI', '506': 'CR',
	'507': 'PA', '509': 'HT', '591': 'BO', '592': 'GY', '593': 'EC', '595': 'PY', '597': 'SR', '598': 'UY', '670': 'TL',
	'673': 'BN', '674': 'NR', '675': 'PG', '676': 'TO', '677': 'SB', '678': 'VU', '679': 'FJ', '680': 'PW', '685': 'WS',
	'686': 'KI', '691': 'FM', '692': 'MH', '850': 'KP', '852': 'HK', '853': 'MO', '855': 'KH', '856': 'LA', '880': 'BD',
	'886': 'TW', '960': 'MV', '961': 'LB', '962': 'JO', '963': 'SY', '964': 'IQ', '965': 'KW', '966': 'SA', '967': 'YE',
	'968': 'OM', '970': 'PS', '971': 'AE', '972': 'IL', '973': 'BH', '974': 'QA', '975': 'BT', '976': 'MN', '977': 'NP',
	'992': 'TJ', '993': 'TM', '994': 'AZ', '995': 'GE', '996': 'KG', '998': 'UZ',
};

/**
 * The calling code of an E.164 number and the country it names (null for +1, whose country the
 * area code decides, and for codes not in the table): the longest known prefix wins, so +77…
 * is Kazakhstan and +7 9… Russia.
 */
export function callingCodeOf(e164: string): { callingCode: string; country: string | null } | undefined {
	const digits = e164.replace(/^\+/, '');
	for (const length of [3, 2, 1]) {
		const prefix = digits.slice(0, length);
		if (prefix.length === length && prefix in CALLING_CODES) return { callingCode: prefix, country: CALLING_CODES[prefix] };
	}
	return undefined;
}

/** What a message would be on the wire, before any provider is asked: the preview's own part. */
export interface MessageAnalysis {
	/** The number in E.164, or null when it is not a valid international number. */
	to: string | null;
	/** Why the number is invalid; null when it is valid. */
	invalidReason: string | null;
	callingCode: string | null;
	country: string | null;
	encoding: SmsEncoding;
	/** Characters (code points) of the text as sent. */
	characters: number;
	parts: number;
	/** The characters that make the text UCS-2, each once. */
	ucs2Characters: string[];
}

/** Reads a recipient and a text the way a send would, without throwing: a bad number is a reason, not an error. */
export function analyzeMessage(to: unknown, body: string): MessageAnalysis {
	let number: string | null = null;
	let invalidReason: string | null = null;
	try {
		number = normalizePhoneNumber(to, 'To');
	} catch (error) {
		invalidReason = error instanceof InputError ? error.problem : (error as Error).message;
	}
	const code = number ? callingCodeOf(number) : undefined;
	const segments = countSegments(body);
	return {
		to: number,
		invalidReason,
		callingCode: code?.callingCode ?? null,
		country: code?.country ?? null,
		encoding: segments.encoding,
		characters: Array.from(body).length,
		parts: segments.segments,
		ucs2Characters: segments.nonGsmCharacters,
	};
}
