import { dateRangeFields, returnAllOrLimit, updateDisplayOptions } from '../../nodes/shared/descriptions';
import { outputField } from '../../nodes/shared/output';

describe('updateDisplayOptions', () => {
	test('adds the show conditions to every property and keeps the ones it had', () => {
		const [limit, other] = updateDisplayOptions({ show: { resource: ['sms'], operation: ['getMany'] } }, [
			...returnAllOrLimit(100).slice(1),
			{ displayName: 'X', name: 'x', type: 'string', default: '', displayOptions: { hide: { simplify: [false] } } },
		]);
		expect(limit.displayOptions).toEqual({ show: { resource: ['sms'], operation: ['getMany'], returnAll: [false] } });
		expect(other.displayOptions).toEqual({ show: { resource: ['sms'], operation: ['getMany'] }, hide: { simplify: [false] } });
	});

	test('does not change the properties it was given', () => {
		const original = returnAllOrLimit(100);
		updateDisplayOptions({ show: { operation: ['x'] } }, original);
		expect(original[1].displayOptions).toEqual({ show: { returnAll: [false] } });
	});
});

test('Return All defaults to off and Limit is bounded by the API maximum', () => {
	const [returnAll, limit] = returnAllOrLimit(20);
	expect(returnAll).toMatchObject({ name: 'returnAll', type: 'boolean', default: false });
	expect(limit).toMatchObject({ name: 'limit', default: 50, typeOptions: { minValue: 1, maxValue: 20 } });
});

test('Output is Simplified by default, with All Fields and Raw, and the date range has two pickers', () => {
	const output = outputField({ raw: 'the raw answer', simplified: 'a few fields' });
	expect(output).toMatchObject({ name: 'output', type: 'options', default: 'simplified' });
	expect(output.options?.map((option) => ('value' in option ? option.value : undefined))).toEqual(['simplified', 'full', 'raw']);
	const accountOutput = outputField({ raw: 'the raw answer', simplified: 'a few fields', full: false });
	expect(accountOutput.options?.map((option) => ('value' in option ? option.value : undefined))).toEqual(['simplified', 'raw']);
	expect(dateRangeFields('hint').map((field) => [field.name, field.type])).toEqual([
		['dateFrom', 'dateTime'],
		['dateTo', 'dateTime'],
	]);
});
