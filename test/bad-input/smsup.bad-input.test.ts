import type { IDataObject } from 'n8n-workflow';

import { SMSUP_SANDBOX_TOKEN, SmsUpSimulator } from '../simulators/smsup';
import type { NodeUnderTest } from '../support/n8n-harness';
import { badInputTable, inItem, jsonItems, type BadInput } from './table';

const sim = new SmsUpSimulator();
const range = { dateFrom: '2026-11-01T00:00:00Z', dateTo: '2026-11-02T00:00:00Z' };
const node = (parameters: IDataObject, baseUrl?: string): NodeUnderTest => ({
	type: 'smsUp',
	parameters,
	credentials: { smsUpApi: { apiToken: SMSUP_SANDBOX_TOKEN, baseUrl: baseUrl ?? (sim.baseUrl || 'http://127.0.0.1:1') } },
});
const send = (extra: IDataObject = {}, additionalFields: IDataObject = {}) =>
	node({ resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: '={{ $json.text }}', additionalFields, ...extra });
const history = (extra: IDataObject) => node({ resource: 'sms', operation: 'getHistory', ...range, ...extra });
const campaigns = (extra: IDataObject) => node({ resource: 'campaign', operation: 'getMany', ...extra });
const ok = { to: '+41781234567', text: 'Hello' };
const row = (operation: string, input: string, nodeUnderTest: NodeUnderTest, items: BadInput['items'], error: BadInput['error']): BadInput => ({
	provider: 'smsup.ch',
	operation,
	input,
	node: nodeUnderTest,
	items,
	error,
});

badInputTable('smsup', sim, () => [
	row('SMS Send', 'empty message', send(), jsonItems({ ...ok, text: '' }), inItem(0, /^"Message" is empty$/)),
	row('SMS Send', 'message null (expression gone wrong)', send(), jsonItems({ ...ok, text: null }), inItem(0, /^"Message" is empty$/)),
	row('SMS Send', 'message a list', send(), jsonItems({ ...ok, text: ['Hello'] }), inItem(0, /^"Message" must be text, got a list/)),
	row('SMS Send', 'number too short', send(), jsonItems({ ...ok, to: '+4178' }), inItem(0, /^"To" "\+4178" is not a valid phone number in international format \(E\.164\)/)),
	row('SMS Send', 'national number without a country', send(), jsonItems({ ...ok, to: '0781234567' }), inItem(0, /^"To" "0781234567" is not a valid phone number/)),
	row('SMS Send', 'number with letters', send(), jsonItems({ ...ok, to: '+41 78 CALL ME' }), inItem(0, /^"To" "\+41 78 CALL ME" is not a valid phone number/)),
	row('SMS Send', 'number an object', send(), jsonItems({ ...ok, to: { value: '41781234567' } }), inItem(0, /^"To" must be a phone number, got an object/)),
	row('SMS Send as Campaign', 'bad number in item 1 of 3 (none is sent)', send({ sendAsCampaign: true }), jsonItems(ok, { ...ok, to: '+41' }, ok), inItem(1, /^"To" "\+41" is not a valid phone number/)),
	row('SMS Send', 'sender ID over 11 characters', send({}, { sender: 'MyVeryLongShopName' }), jsonItems(ok), inItem(0, /^"From" "MyVeryLongShopName" is not a valid sender: use up to 11 letters or digits, or a phone number$/)),
	row('SMS Send', 'sender ID with a character smsup.ch refuses', send({}, { sender: 'Shop!' }), jsonItems(ok), inItem(0, /^"From" "Shop!" is not a valid sender/)),
	row('SMS Send', 'push type that does not exist (from an expression)', send({}, { pushtype: '={{ "promo" }}' }), jsonItems(ok), inItem(0, /^"Push Type" must be "alert" or "marketing", got "promo"$/)),
	row('SMS Send', 'delay that is not a date', send({}, { delay: '={{ "next tuesday" }}' }), jsonItems(ok), inItem(0, /^"Schedule" must be a date/)),
	row('SMS Send', 'delay in the past', send({}, { delay: '2020-01-01T00:00:00Z' }), jsonItems(ok), inItem(0, /^"Schedule" \(2020-01-01T00:00:00Z\) is in the past$/)),
	row('SMS Send', 'delay in year 9999', send({}, { delay: '9999-01-01T00:00:00Z' }), jsonItems(ok), inItem(0, /^"Schedule" \(9999-01-01T00:00:00Z\) is more than 366 days ahead$/)),
	row('SMS Send', 'message over 1,600 characters', send({}), jsonItems({ ...ok, text: 'x'.repeat(1601) }), inItem(0, /^"Message" is 1601 characters long; this node sends at most 1600 to smsup\.ch, which documents no limit$/)),
	row('SMS Send as Campaign', 'delay in the past', send({ sendAsCampaign: true }, { delay: '2020-01-01T00:00:00Z' }), jsonItems(ok), inItem(0, /^"Schedule" \(2020-01-01T00:00:00Z\) is in the past$/)),
	row('SMS Send', 'reference an object', send({}, { reference: '={{ $json.ref }}' }), jsonItems({ ...ok, ref: { id: 1 } }), inItem(0, /^"Reference" must be text, got an object/)),
	row('SMS Get Price', 'empty message', node({ resource: 'sms', operation: 'getPrice', to: '+41781234567', message: '={{ "" }}' }), jsonItems({}), inItem(0, /^"Message" is empty$/)),
	row('SMS Get History', 'no start date (smsup.ch requires one)', history({ dateFrom: '={{ "" }}' }), jsonItems({}), inItem(0, /^"Date From" is empty; smsup\.ch requires a start date for message history$/)),
	row('SMS Get History', 'date range that ends before it starts', history({ dateFrom: '2026-11-02T00:00:00Z', dateTo: '2026-11-01T00:00:00Z' }), jsonItems({}), inItem(0, /^"Date To" \(2026-11-01T00:00:00(\.000)?Z\) is before "Date From" \(2026-11-02T00:00:00(\.000)?Z\)$/)),
	row('SMS Get History', 'negative limit', history({ limit: '={{ -5 }}' }), jsonItems({}), inItem(0, /^"Limit" must be a whole number of at least 1, got -5$/)),
	row('SMS Get History', 'non-numeric limit', history({ limit: '={{ "all" }}' }), jsonItems({}), inItem(0, /^"Limit" must be a whole number of at least 1, got "all"$/)),
	row('SMS Get History', 'country of three letters', history({ filters: { country: 'CHE' } }), jsonItems({}), inItem(0, /^"Country" "CHE" is not a two-letter country code such as CH or FR$/)),
	row('SMS Get History', 'destination that is not a number', history({ filters: { destination: 'Bob' } }), jsonItems({}), inItem(0, /^"Destination" "Bob" is not a valid phone number/)),
	row('SMS Export History', 'date that is not a date', node({ resource: 'sms', operation: 'exportHistory', ...range, dateTo: 'tomorrow-ish' }), jsonItems({}), inItem(0, /^"Date To" must be a date/)),
	row('SMS Export History', 'Parallel Requests of 17', node({ resource: 'sms', operation: 'exportHistory', ...range, pagingOptions: { parallelRequests: '={{ 17 }}' } }), jsonItems({}), inItem(0, /^"Parallel Requests" must be a whole number from 1 to 16, got 17$/)),
	row('Campaign Get', 'campaign ID that is not a number', node({ resource: 'campaign', operation: 'get', campaignId: 'abc' }), jsonItems({}), inItem(0, /^"Campaign" "abc" is not a campaign ID \(digits, such as 14672468\)$/)),
	row('Campaign Get', 'campaign ID null', node({ resource: 'campaign', operation: 'get', campaignId: '={{ $json.id }}' }), jsonItems({ id: null }), inItem(0, /^"Campaign" is empty$/)),
	row('Campaign Get Many', 'negative Min SMS', campaigns({ filters: { smsMin: '={{ -1 }}' } }), jsonItems({}), inItem(0, /^"Min SMS" must be a whole number of at least 0, got -1$/)),
	row('Campaign Get Many', 'Max SMS below Min SMS', campaigns({ filters: { smsMin: 10, smsMax: 5 } }), jsonItems({}), inItem(0, /^"Max SMS" \(5\) is below "Min SMS" \(10\)$/)),
	row('Campaign Get Many', 'date range that ends before it starts', campaigns({ filters: { dateFrom: '2026-11-02T00:00:00Z', dateTo: '2026-11-01T00:00:00Z' } }), jsonItems({}), inItem(0, /^"Date To" \(.*\) is before "Date From" \(.*\)$/)),
	row('Campaign Get Many', 'non-numeric limit', campaigns({ limit: '={{ "ten" }}' }), jsonItems({}), inItem(0, /^"Limit" must be a whole number of at least 1, got "ten"$/)),
	row('Account Get Credits', 'Base URL that is not http(s)', node({ resource: 'account', operation: 'getCredits' }, 'ftp://api.smsup.ch'), jsonItems({}), /^smsup\.ch credential: "Base URL" "ftp:\/\/api\.smsup\.ch" is not an http:\/\/ or https:\/\/ address$/),
]);
