import { asLocator, locatorValue, matchesSearch } from '../../nodes/shared/items';

describe('resource locator values', () => {
	test('a picked or typed locator gives its value and mode', () => {
		const picked = { __rl: true, mode: 'list', value: '+61400000000', cachedResultName: '+61400000000 (Australia)' };
		expect(asLocator(picked)).toBe(picked);
		expect(locatorValue(picked)).toBe('+61400000000');
		expect(locatorValue({ __rl: true, mode: 'id', value: 428 })).toBe(428);
	});

	test('plain values of workflows made before the field was a locator pass through', () => {
		for (const plain of ['LakeTours', 428, '', undefined, null, ['a'], { value: 'no mode' }]) {
			expect(asLocator(plain)).toBeUndefined();
			expect(locatorValue(plain)).toBe(plain);
		}
	});
});

describe('picker search', () => {
	test('an empty or blank search matches everything', () => {
		for (const filter of [undefined, '', '  ']) expect(matchesSearch(filter, 'Anything')).toBe(true);
	});

	test('any of the texts containing the search, in any case and without its surrounding spaces, matches', () => {
		expect(matchesSearch(' lake ', 'Lake Tours', '428')).toBe(true);
		expect(matchesSearch('42', 'Lake Tours', '428')).toBe(true);
		expect(matchesSearch('tours x', 'Lake Tours', '428')).toBe(false);
	});
});
