import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { InputError } from '../../nodes/shared/errors';
import type { CallAnswer, PreparedMessage, SendGateway } from '../../nodes/shared/gateway';
import { AdaptivePace } from '../../nodes/shared/pace';
import { analyzeMessage, callingCodeOf, countSegments, describeValue, isGsm7Character, normalizePhoneNumber, SmartEncoder, smartEncode } from '../../nodes/shared/sms';

const gsm = (count: number): string => 'a'.repeat(count);
/** A character outside GSM-7 that is one UTF-16 unit. */
const cyrillic = (count: number): string => 'ж'.repeat(count);

function thrown(run: () => unknown): unknown {
	try {
		run();
	} catch (error) {
		return error;
	}
	throw new Error('expected the call to throw');
}

describe('countSegments: GSM-7', () => {
	it('reports an empty body as GSM-7 with 0 units and 0 segments', () => {
		expect(countSegments('')).toEqual({ encoding: 'GSM-7', units: 0, segments: 0, nonGsmCharacters: [] });
	});

	it('fits exactly 160 plain GSM characters in 1 segment', () => {
		expect(countSegments(gsm(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1, nonGsmCharacters: [] });
	});

	it('needs 2 segments for 161 plain GSM characters', () => {
		expect(countSegments(gsm(161))).toMatchObject({ encoding: 'GSM-7', units: 161, segments: 2 });
	});

	it('fits 306 (153 × 2) plain GSM characters in 2 segments', () => {
		expect(countSegments(gsm(306))).toMatchObject({ units: 306, segments: 2 });
	});

	it('needs 3 segments for 307 plain GSM characters', () => {
		expect(countSegments(gsm(307))).toMatchObject({ units: 307, segments: 3 });
	});

	it('fits 459 (153 × 3) plain GSM characters in 3 segments and needs 4 for 460', () => {
		expect(countSegments(gsm(459)).segments).toBe(3);
		expect(countSegments(gsm(460)).segments).toBe(4);
	});

	it('counts one septet for each basic-table character, accented letters and line breaks included', () => {
		const basic = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./09:;<=>?¡AZÄÖÑÜ§¿azäöñüà';
		expect(countSegments(basic)).toEqual({
			encoding: 'GSM-7',
			units: Array.from(basic).length,
			segments: 1,
			nonGsmCharacters: [],
		});
	});

	it('counts the euro sign as 2 septets', () => {
		expect(countSegments('€')).toMatchObject({ encoding: 'GSM-7', units: 2, segments: 1 });
	});

	it('counts each extension-table character as 2 septets', () => {
		const extension = '\f^{}\\[~]|€';
		expect(countSegments(extension)).toEqual({ encoding: 'GSM-7', units: 20, segments: 1, nonGsmCharacters: [] });
	});

	it('keeps 158 characters plus a brace in 1 segment (160 septets)', () => {
		expect(countSegments(gsm(158) + '{')).toMatchObject({ units: 160, segments: 1 });
	});

	it('needs 2 segments for 159 characters plus a euro sign (161 septets)', () => {
		expect(countSegments(gsm(159) + '€')).toMatchObject({ units: 161, segments: 2 });
	});

	it('moves an escape pair that would straddle a part boundary to the next part, adding a segment', () => {
		// 306 septets would fit 2 × 153, but the euro sign lands on septets 153–154 and may not be split:
		// part 1 holds 152, part 2 starts with the euro sign, and one character spills into part 3.
		const body = gsm(152) + '€' + gsm(152);
		expect(countSegments(body)).toMatchObject({ encoding: 'GSM-7', units: 306, segments: 3 });
	});

	it('keeps 2 segments for the same length when the escape pair starts a part exactly', () => {
		const body = gsm(153) + '€' + gsm(151);
		expect(countSegments(body)).toMatchObject({ encoding: 'GSM-7', units: 306, segments: 2 });
	});
});

describe('countSegments: UCS-2', () => {
	it('fits 70 UCS-2 characters in 1 segment', () => {
		expect(countSegments(cyrillic(70))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1, nonGsmCharacters: ['ж'] });
	});

	it('needs 2 segments for 71 UCS-2 characters', () => {
		expect(countSegments(cyrillic(71))).toMatchObject({ encoding: 'UCS-2', units: 71, segments: 2 });
	});

	it('fits 134 (67 × 2) UCS-2 characters in 2 segments', () => {
		expect(countSegments(cyrillic(134))).toMatchObject({ units: 134, segments: 2 });
	});

	it('needs 3 segments for 135 UCS-2 characters', () => {
		expect(countSegments(cyrillic(135))).toMatchObject({ units: 135, segments: 3 });
	});

	it('switches a whole 160-character text to UCS-2 (3 segments) because of one non-GSM character', () => {
		expect(countSegments(gsm(159) + 'ж')).toEqual({
			encoding: 'UCS-2',
			units: 160,
			segments: 3,
			nonGsmCharacters: ['ж'],
		});
	});

	it('counts extension characters as 1 unit once the text is UCS-2', () => {
		expect(countSegments('€{ж')).toMatchObject({ encoding: 'UCS-2', units: 3, segments: 1 });
	});

	it('counts an emoji (a surrogate pair) as 2 units', () => {
		expect(countSegments('😀')).toEqual({ encoding: 'UCS-2', units: 2, segments: 1, nonGsmCharacters: ['😀'] });
	});

	it('fits 35 emoji (70 units) in 1 segment and needs 2 for 36', () => {
		expect(countSegments('😀'.repeat(35))).toMatchObject({ units: 70, segments: 1 });
		expect(countSegments('😀'.repeat(36))).toMatchObject({ units: 72, segments: 2 });
	});

	it('never splits a surrogate pair across parts, adding a segment when one would straddle', () => {
		// 134 units would fit 2 × 67, but the emoji occupies units 67–68: it moves to part 2 and one
		// character spills into part 3.
		expect(countSegments(cyrillic(66) + '😀' + cyrillic(66))).toMatchObject({ units: 134, segments: 3 });
	});

	it('keeps 2 segments when the surrogate pair ends a part exactly', () => {
		expect(countSegments(cyrillic(65) + '😀' + cyrillic(67))).toMatchObject({ units: 134, segments: 2 });
	});

	it('lists each non-GSM character once, in order of first appearance', () => {
		const info = countSegments('Ça va? ç ж `quote` ж 😀 ‘x’ ç');
		expect(info.encoding).toBe('UCS-2');
		expect(info.nonGsmCharacters).toEqual(['ç', 'ж', '`', '😀', '‘', '’']);
	});
});

describe('isGsm7Character', () => {
	it.each([
		['a', true],
		['€', true],
		['{', true],
		['\n', true],
		['Ç', true],
		['ç', false],
		['`', false],
		['ж', false],
		['😀', false],
	])('says %j is GSM-7: %s', (char, expected) => {
		expect(isGsm7Character(char)).toBe(expected);
	});
});

describe('normalizePhoneNumber', () => {
	it('drops spaces from an international number', () => {
		expect(normalizePhoneNumber('+61 411 111 111', 'To')).toBe('+61411111111');
	});

	it('drops dashes and parentheses', () => {
		expect(normalizePhoneNumber('+1 (555) 123-4567', 'To')).toBe('+15551234567');
	});

	it('drops dots and slashes', () => {
		expect(normalizePhoneNumber('+33.6.12/34.56.78', 'To')).toBe('+33612345678');
	});

	it('turns a leading 00 into +', () => {
		expect(normalizePhoneNumber('0041 79 123 45 67', 'To')).toBe('+41791234567');
	});

	it('trims surrounding whitespace', () => {
		expect(normalizePhoneNumber('  +4915112345678\t', 'To')).toBe('+4915112345678');
	});

	it('accepts the shortest (7 digits) and longest (15 digits) E.164 numbers', () => {
		expect(normalizePhoneNumber('+1234567', 'To')).toBe('+1234567');
		expect(normalizePhoneNumber('+123456789012345', 'To')).toBe('+123456789012345');
	});

	it.each([
		['a national number without country code', '0411 111 111'],
		['a country code starting with 0', '+0123456789'],
		['too few digits', '+123456'],
		['too many digits', '+1234567890123456'],
		['letters', '+61 4ABC 111'],
		['a plus sign in the middle', '61+411111111'],
		['two plus signs', '++61411111111'],
	])('rejects %s with an InputError naming the field', (_case, value) => {
		const error = thrown(() => normalizePhoneNumber(value, 'Recipient'));
		expect(error).toBeInstanceOf(InputError);
		expect((error as InputError).field).toBe('Recipient');
		expect((error as InputError).message).toBe(
			`Recipient "${value.trim()}" is not a valid phone number in international format (E.164): use + and the country code, such as +61411111111`,
		);
	});

	it('rejects an empty or blank value as empty', () => {
		for (const value of ['', '   ']) {
			const error = thrown(() => normalizePhoneNumber(value, 'To'));
			expect(error).toBeInstanceOf(InputError);
			expect((error as InputError).message).toBe('To is empty; enter a phone number such as +61411111111');
		}
	});

	it('rejects null, saying it got null', () => {
		const error = thrown(() => normalizePhoneNumber(null, 'To'));
		expect(error).toBeInstanceOf(InputError);
		expect((error as InputError).message).toBe('To must be a phone number, got null');
	});

	it('rejects undefined, an object and a list, describing what it got', () => {
		expect((thrown(() => normalizePhoneNumber(undefined, 'To')) as InputError).message).toBe(
			'To must be a phone number, got nothing (undefined)',
		);
		expect((thrown(() => normalizePhoneNumber({ number: '+61411111111' }, 'To')) as InputError).message).toBe(
			'To must be a phone number, got an object',
		);
		expect((thrown(() => normalizePhoneNumber(['+61411111111'], 'To')) as InputError).message).toBe(
			'To must be a phone number, got a list',
		);
	});

	it('rejects a fractional number, describing it', () => {
		const error = thrown(() => normalizePhoneNumber(1.5, 'To'));
		expect((error as InputError).message).toBe('To must be a phone number, got number 1.5');
	});

	it('reads an integer as digits, which lack the + of E.164', () => {
		const error = thrown(() => normalizePhoneNumber(61411111111, 'To'));
		expect(error).toBeInstanceOf(InputError);
		expect((error as InputError).message).toContain('"61411111111" is not a valid phone number');
	});

	it('accepts national digits (also from a number) when allowNational is set', () => {
		expect(normalizePhoneNumber('0411 111-111', 'To', { allowNational: true })).toBe('0411111111');
		expect(normalizePhoneNumber(61411111111, 'To', { allowNational: true })).toBe('61411111111');
	});

	it('still prefers E.164 when allowNational is set', () => {
		expect(normalizePhoneNumber('0061 411 111 111', 'To', { allowNational: true })).toBe('+61411111111');
	});

	it('rejects national numbers shorter than 4 digits even when allowNational is set', () => {
		expect(thrown(() => normalizePhoneNumber('123', 'To', { allowNational: true }))).toBeInstanceOf(InputError);
	});
});

describe('describeValue', () => {
	it.each([
		[null, 'null'],
		[undefined, 'nothing (undefined)'],
		[[1], 'a list'],
		[{ a: 1 }, 'an object'],
		['x', 'string "x"'],
		[42, 'number 42'],
		[true, 'boolean true'],
	])('describes %j as %s', (value, expected) => {
		expect(describeValue(value)).toBe(expected);
	});
});

describe('smartEncode: Unicode look-alikes to GSM-7', () => {
	test('a 2-part UCS-2 text with curly quotes, a dash and an ellipsis becomes a 1-part GSM-7 text', () => {
		// 86 characters: over UCS-2's 70 (2 parts of 67), well under GSM-7's 160.
		const body = 'We\u2019re open \u201Ctoday\u201D \u2014 come by before 6pm, bring the voucher and your ID\u2026 See you there!';
		expect(Array.from(body)).toHaveLength(86);
		expect(countSegments(body)).toMatchObject({ encoding: 'UCS-2', segments: 2 });

		const result = smartEncode(body);

		expect(result.text).toBe('We\'re open "today" - come by before 6pm, bring the voucher and your ID... See you there!');
		expect(result.replacements).toEqual([
			{ character: '\u2019', replacement: "'", count: 1 },
			{ character: '\u201C', replacement: '"', count: 1 },
			{ character: '\u201D', replacement: '"', count: 1 },
			{ character: '\u2014', replacement: '-', count: 1 },
			{ character: '\u2026', replacement: '...', count: 1 },
		]);
		expect(result).toMatchObject({ segmentsBefore: 2, segmentsAfter: 1, remainingNonGsm: [] });
		expect(countSegments(result.text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
	});

	test('spaces that look like spaces, zero-width characters and ç; repeats are counted', () => {
		const result = smartEncode('a\u00A0b\u202Fc\u200Bd\uFEFF ça ç');
		expect(result.text).toBe('a b cd Ça Ç');
		expect(result.replacements).toEqual([
			{ character: '\u00A0', replacement: ' ', count: 1 },
			{ character: '\u202F', replacement: ' ', count: 1 },
			{ character: '\u200B', replacement: '', count: 1 },
			{ character: '\uFEFF', replacement: '', count: 1 },
			{ character: 'ç', replacement: 'Ç', count: 2 },
		]);
	});

	test('an emoji has no GSM-7 form: it stays, the text stays UCS-2, and the result says which characters remain', () => {
		const result = smartEncode('Thanks \u2014 see you \uD83D\uDE00');
		expect(result.text).toBe('Thanks - see you \uD83D\uDE00');
		expect(result).toMatchObject({ segmentsBefore: 1, segmentsAfter: 1, remainingNonGsm: ['\uD83D\uDE00'] });
		expect(countSegments(result.text).encoding).toBe('UCS-2');
	});

	test('GSM-7 text, extension characters included, is left as it is', () => {
		const body = 'Price: 5€ [20% off] {code} ^_^ ~ | \\';
		expect(smartEncode(body)).toEqual({ text: body, replacements: [], segmentsBefore: 1, segmentsAfter: 1, remainingNonGsm: [] });
	});
});

describe('SmartEncoder: the option read per item, and the report on its results', () => {
	/** Options → Smart Encoding by item, as getNodeParameter gives the collection. */
	const contextWith = (values: unknown[]) =>
		({ getNodeParameter: (name: string, itemIndex: number) => (name === 'options' && values[itemIndex] !== undefined ? { smartEncoding: values[itemIndex] } : {}) }) as unknown as IExecuteFunctions;
	const batchOf = (count: number): Array<PreparedMessage<string>> => Array.from({ length: count }, (_, itemIndex) => ({ itemIndex, message: '' }));
	const gatewayAnswering = (answer: CallAnswer, pace?: AdaptivePace): SendGateway<string> => ({
		providerName: 'Test',
		maxPerCall: 10,
		get pace() {
			return pace;
		},
		read: () => '',
		describe: () => ({}),
		send: async () => answer,
	});

	test('on: the text is encoded; off or not set: it is left as typed', () => {
		const smart = new SmartEncoder(contextWith([true, false]), 'options');
		expect(smart.text(0, 'it\u2019s 10\u2026')).toBe("it's 10...");
		expect(smart.text(1, 'it\u2019s 10\u2026')).toBe('it\u2019s 10\u2026');
		expect(smart.text(2, 'it\u2019s 10\u2026')).toBe('it\u2019s 10\u2026');
	});

	test('a value that is not true or false (an expression gone wrong) is an error naming the option', () => {
		const smart = new SmartEncoder(contextWith(['yes']), 'options');
		const error = thrown(() => smart.text(0, 'Hi'));
		expect(error).toBeInstanceOf(InputError);
		expect(error).toMatchObject({ field: 'Smart Encoding', problem: 'must be true or false, got string "yes"' });
	});

	test('accepted results of encoded items get the report; other outcomes and items with the option off do not', async () => {
		const smart = new SmartEncoder(contextWith([true, false]), 'options');
		smart.text(0, '\u201Cok\u201D');
		smart.text(1, '\u201Cok\u201D');
		const answer: CallAnswer = {
			perMessage: [
				[{ outcome: 'accepted', json: { to: '+1' } }, { outcome: 'rejected', to: '+2', status: 'BAD', reason: 'BAD' }],
				[{ outcome: 'accepted', json: { to: '+3' } }],
			],
		};
		const pace = new AdaptivePace();
		const reporting = smart.reporting(gatewayAnswering(answer, pace));
		expect(reporting.pace).toBe(pace);
		expect(reporting.price).toBeUndefined();
		const report = { replacements: [{ character: '\u201C', replacement: '"', count: 1 }, { character: '\u201D', replacement: '"', count: 1 }], partsBefore: 1, partsAfter: 1 };
		expect(await reporting.send(batchOf(2))).toEqual({
			perMessage: [
				[{ outcome: 'accepted', json: { to: '+1', smartEncoding: report } }, { outcome: 'rejected', to: '+2', status: 'BAD', reason: 'BAD' }],
				[{ outcome: 'accepted', json: { to: '+3' } }],
			],
		});
	});

	test('one answer for a whole call: each replacement at its largest count, the most parts any item had', async () => {
		const smart = new SmartEncoder(contextWith([true, true, false]), 'options');
		// Typed differently, sent alike: "it's... it's".
		smart.text(0, 'it\u2019s\u2026 it\u2019s');
		smart.text(1, "it's\u2026 it's");
		smart.text(2, "it's... it's");
		const whole = await smart.reporting(gatewayAnswering({ whole: { cost: 3 } as IDataObject })).send(batchOf(3));
		expect(whole).toEqual({
			whole: {
				cost: 3,
				smartEncoding: {
					replacements: [
						{ character: '\u2019', replacement: "'", count: 2 },
						{ character: '\u2026', replacement: '...', count: 1 },
					],
					partsBefore: 1,
					partsAfter: 1,
				},
			},
		});
	});
});

describe('callingCodeOf: the country an E.164 number names', () => {
	test.each([
		['+61411111111', { callingCode: '61', country: 'AU' }],
		['+41781234567', { callingCode: '41', country: 'CH' }],
		['+447860041755', { callingCode: '44', country: 'GB' }],
		['+306900000000', { callingCode: '30', country: 'GR' }],
		['+2348012345678', { callingCode: '234', country: 'NG' }],
		['+79161234567', { callingCode: '7', country: 'RU' }],
		['+77012345678', { callingCode: '77', country: 'KZ' }],
		// The North American Numbering Plan: the area code, not +1, names the country.
		['+14155550100', { callingCode: '1', country: null }],
		['+8821234567', undefined],
	])('%s', (number, expected) => {
		expect(callingCodeOf(number)).toEqual(expected);
	});
});

describe('analyzeMessage: the preview of one recipient and text', () => {
	test.each([
		// [to, text, to as E.164 or null, reason pattern, country, encoding, characters, parts, UCS-2 characters]
		['+61 411 111 111', 'Hello', '+61411111111', null, 'AU', 'GSM-7', 5, 1, []],
		['0041781234567', 'Grüezi', '+41781234567', null, 'CH', 'GSM-7', 6, 1, []],
		['0411 111 111', 'Hi', null, /not a valid phone number in international format/, null, 'GSM-7', 2, 1, []],
		['call me', 'Hi', null, /not a valid phone number/, null, 'GSM-7', 2, 1, []],
		['+6141', 'Hi', null, /not a valid phone number/, null, 'GSM-7', 2, 1, []],
		['', 'Hi', null, /is empty/, null, 'GSM-7', 2, 1, []],
		// € ^ { } count two septets each: 150 + 4 × 2 = 158 fits one part; 152 + 8 = 160 too; one more is two.
		['+447860041755', `${'a'.repeat(150)}€^{}`, '+447860041755', null, 'GB', 'GSM-7', 154, 1, []],
		['+447860041755', `${'a'.repeat(153)}€^{}`, '+447860041755', null, 'GB', 'GSM-7', 157, 2, []],
		['+306900000000', 'Thanks \u2019ok\u2019', '+306900000000', null, 'GR', 'UCS-2', 11, 1, ['\u2019']],
		['+306900000000', `${'x'.repeat(70)}\uD83D\uDE00`, '+306900000000', null, 'GR', 'UCS-2', 71, 2, ['\uD83D\uDE00']],
	])('%s / %s', (to, text, e164, reason, country, encoding, characters, parts, ucs2) => {
		const analysis = analyzeMessage(to, text);
		expect(analysis).toMatchObject({ to: e164, country, encoding, characters, parts, ucs2Characters: ucs2 });
		if (reason) expect(analysis.invalidReason).toMatch(reason as RegExp);
		else expect(analysis.invalidReason).toBeNull();
	});
});
