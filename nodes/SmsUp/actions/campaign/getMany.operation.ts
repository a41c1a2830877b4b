import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { parseDateRange, toZonedFormat } from '../../../shared/dates';
import { pagingOptionsField, returnAllOrLimit, updateDisplayOptions } from '../../../shared/descriptions';
import { InputError } from '../../../shared/errors';
import { readHistory } from '../../../shared/history';
import { readOutput, shapeOutput } from '../../../shared/output';
import { runPerItem, stringParameter } from '../../../shared/items';
import { readParallelRequests, readReturnAllLimit } from '../../../shared/limits';
import { smsUpNumber } from '../../message';
import { SMSUP_DATE_FORMAT, SMSUP_ZONE, smsUpClientFor } from '../../transport';
import { listSource } from '../history';
import { campaignOutputField, plainCampaign, SIMPLIFIED_CAMPAIGN_FIELDS } from './campaign';

const properties: INodeProperties[] = [
	...returnAllOrLimit(),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Date From',
				name: 'dateFrom',
				type: 'dateTime',
				default: '',
				description: 'Only campaigns sent at or after this moment',
			},
			{
				displayName: 'Date To',
				name: 'dateTo',
				type: 'dateTime',
				default: '',
				description: 'Only campaigns sent at or before this moment',
			},
			{
				displayName: 'Destination',
				name: 'destination',
				type: 'string',
				default: '',
				placeholder: 'e.g. +41781234567',
				description: 'Only campaigns sent to this phone number',
			},
			{
				displayName: 'Max SMS',
				name: 'smsMax',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Only campaigns of at most this many SMS',
			},
			{
				displayName: 'Min SMS',
				name: 'smsMin',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Only campaigns of at least this many SMS',
			},
			{
				displayName: 'Text Contains',
				name: 'text',
				type: 'string',
				default: '',
				description: 'Only campaigns whose text contains this',
			},
		],
	},
	{
		displayName: 'Sort',
		name: 'sort',
		type: 'options',
		options: [
			{ name: 'Cost', value: 'cost' },
			{ name: 'Date (Newest First)', value: '-date' },
			{ name: 'Date (Oldest First)', value: 'date' },
			{ name: 'ID', value: 'id' },
			{ name: 'Status', value: 'status' },
			{ name: 'Text', value: 'text' },
		],
		default: '-date',
		description: 'Order of the campaigns',
	},
	campaignOutputField,
	pagingOptionsField,
];

export const description = updateDisplayOptions({ show: { resource: ['campaign'], operation: ['getMany'] } }, properties);

function campaignQuery(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const filters = context.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const range = parseDateRange(filters.dateFrom, filters.dateTo, { from: 'Date From', to: 'Date To' }, context.getTimezone());
	const qs: IDataObject = {};
	if (range.from) qs.date_start = toZonedFormat(range.from, SMSUP_ZONE, SMSUP_DATE_FORMAT);
	if (range.to) qs.date_end = toZonedFormat(range.to, SMSUP_ZONE, SMSUP_DATE_FORMAT);
	const destination = stringParameter(filters.destination, 'Destination').trim();
	if (destination) qs.destination = smsUpNumber(destination, 'Destination').digits;
	const text = stringParameter(filters.text, 'Text Contains');
	if (text) qs.text = text;
	for (const [field, name, label] of [
		['smsMin', 'sms_min', 'Min SMS'],
		['smsMax', 'sms_max', 'Max SMS'],
	] as const) {
		const value = filters[field];
		if (value === undefined || value === null || value === '') continue;
		if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
			throw new InputError(label, `must be a whole number of at least 0, got ${JSON.stringify(value)}`);
		}
		qs[name] = value;
	}
	if (typeof qs.sms_min === 'number' && typeof qs.sms_max === 'number' && qs.sms_max < qs.sms_min) {
		throw new InputError('Max SMS', `(${qs.sms_max}) is below "Min SMS" (${qs.sms_min})`);
	}
	qs.sort = stringParameter(context.getNodeParameter('sort', itemIndex, '-date'), 'Sort') || '-date';
	return qs;
}

/** `GET /campaigns` over start/length pages of up to 1,000 (API campaigns only, notes §3.4). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await smsUpClientFor(this);
	return await runPerItem(this, items.length, async (itemIndex) => {
		const { limit } = readReturnAllLimit(this, itemIndex);
		const query = campaignQuery(this, itemIndex);
		const campaigns = await readHistory(listSource<IDataObject>(client, '/campaigns', 'campaigns', query, itemIndex), {
			limit,
			concurrency: readParallelRequests(this, itemIndex),
		});
		const shape = readOutput(this, itemIndex);
		return campaigns.map((campaign) => ({ json: shapeOutput(shape, () => plainCampaign(campaign), campaign, SIMPLIFIED_CAMPAIGN_FIELDS) }));
	});
}
