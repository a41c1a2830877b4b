import { asLocator, locatorValue } from '../../nodes/shared/items';

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
