import type { IDataObject } from 'n8n-workflow';

import { RouteeSimulator } from '../simulators/routee';
import type { NodeUnderTest } from '../support/n8n-harness';
import { badInputTable, inItem, jsonItems, type BadInput } from './table';

const DAY_MS = 24 * 60 * 60 * 1000;
const sim = new RouteeSimulator();
const url = () => sim.baseUrl || 'http://127.0.0.1:1';
const node = (parameters: IDataObject, credentials: IDataObject = {}): NodeUnderTest => ({
	type: 'routee',
	parameters,
	credentials: {
		routeeApi: { applicationId: 'sandbox-app', applicationSecret: 'DUMMY-SANDBOX-APP-SECRET-0001', tokenUrl: `${url()}/oauth/token`, baseUrl: url(), ...credentials },
	},
});
const send = (extra: IDataObject, credentials: IDataObject = {}) =>
	node({ resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: '={{ $json.text }}', from: 'Routee', ...extra }, credentials);
const campaign = (fields: IDataObject) => send({ sendAsCampaign: true, campaignFields: fields });
const history = (extra: IDataObject) => node({ resource: 'sms', operation: 'getHistory', ...extra });
const ok = { to: '+306900000001', text: 'Hello' };
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const row = (operation: string, input: string, nodeUnderTest: NodeUnderTest, items: BadInput['items'], error: BadInput['error']): BadInput => ({
	provider: 'Routee',
	operation,
	input,
	node: nodeUnderTest,
	items,
	error,
});

badInputTable('routee', sim, () => [
	row('SMS Send', 'empty message', send({}), jsonItems({ ...ok, text: '' }), inItem(0, /^"Message" is empty$/)),
	row('SMS Send', 'message null (expression gone wrong)', send({}), jsonItems({ ...ok, text: null }), inItem(0, /^"Message" is empty$/)),
	row('SMS Send', 'message an object', send({}), jsonItems({ ...ok, text: { a: 1 } }), inItem(0, /^"Message" must be text, got an object/)),
	row('SMS Send', 'body over 1,600 characters', send({}), jsonItems({ ...ok, text: 'x'.repeat(1601) }), inItem(0, /^"Message" is 1601 characters long; Routee sends at most 1600$/)),
	row('SMS Send', 'body over 1,600 characters of emoji', send({}), jsonItems({ ...ok, text: '😀'.repeat(1601) }), inItem(0, /^"Message" is 1601 characters long; Routee sends at most 1600$/)),
	row('SMS Send', 'number too short', send({}), jsonItems({ ...ok, to: '+12' }), inItem(0, /^"To" "\+12" is not a valid phone number in international format \(E\.164\)/)),
	row('SMS Send', 'national number without a country', send({}), jsonItems({ ...ok, to: '6900000001' }), inItem(0, /^"To" "6900000001" is not a valid phone number/)),
	row('SMS Send', 'number with letters', send({}), jsonItems({ ...ok, to: '+30 69ab 000001' }), inItem(0, /^"To" "\+30 69ab 000001" is not a valid phone number/)),
	row('SMS Send', 'number null', send({}), jsonItems({ ...ok, to: null }), inItem(0, /^"To" must be a phone number, got null$/)),
	row('SMS Send', 'number an object', send({}), jsonItems({ ...ok, to: { number: '+306900000001' } }), inItem(0, /^"To" must be a phone number, got an object/)),
	row('SMS Send', 'bad number in item 2 of 3 (none is sent)', send({}), jsonItems(ok, ok, { ...ok, to: '12' }), inItem(2, /^"To" "12" is not a valid phone number/)),
	row('SMS Send', 'sender ID over 11 characters', send({ from: 'MyVeryLongShopName' }), jsonItems(ok), inItem(0, /^"From" "MyVeryLongShopName" is not a valid sender/)),
	row('SMS Send', 'numeric sender over 16 digits', send({ from: '+12345678901234567' }), jsonItems(ok), inItem(0, /^"From" "\+12345678901234567" is not a valid sender/)),
	row('SMS Send', 'sender null', send({ from: '={{ $json.sender }}' }), jsonItems(ok), inItem(0, /^"From" is empty$/)),
	row('SMS Send', 'label over 20 characters', send({ additionalFields: { label: 'l'.repeat(21) } }), jsonItems(ok), inItem(0, /^"Reference" is 21 characters long; Routee keeps at most 20$/)),
	row('SMS Send', 'TTL of 0 minutes', send({ additionalFields: { ttl: '={{ 0 }}' } }), jsonItems(ok), inItem(0, /^"TTL \(Minutes\)" must be a whole number of minutes of at least 1, got 0$/)),
	row('SMS Send', 'callback URL that is not http(s)', send({ additionalFields: { callbackUrl: 'ftp://example.com/hook' } }), jsonItems(ok), inItem(0, /^"Callback URL" "ftp:\/\/example\.com\/hook" must start with http:\/\/ or https:\/\/$/)),
	row('SMS Send as Campaign', 'scheduled date in the past', campaign({ scheduledDate: '2020-01-01T00:00:00Z' }), jsonItems(ok), inItem(0, /^"Schedule" \(2020-01-01T00:00:00(\.000)?Z\) is in the past$/)),
	row('SMS Send as Campaign', 'scheduled date in year 9999', campaign({ scheduledDate: '9999-01-01T00:00:00Z' }), jsonItems(ok), inItem(0, /^"Schedule" \(9999-01-01T00:00:00(\.000)?Z\) is more than 366 days ahead$/)),
	row('SMS Send as Campaign', 'scheduled date 30 seconds ago (no tolerance)', campaign({ scheduledDate: '={{ $now.minus({ seconds: 30 }).toISO() }}' }), jsonItems(ok), inItem(0, /^"Schedule" \(.+\) is in the past$/)),
	row('SMS Send as Campaign', 'scheduled date that is not a date', campaign({ scheduledDate: '={{ "next tuesday" }}' }), jsonItems(ok), inItem(0, /^"Schedule" must be a date/)),
	row('SMS Send as Campaign', 'campaign callback URL that is not a URL', campaign({ campaignCallbackUrl: 'not a url' }), jsonItems(ok), inItem(0, /^"Campaign Callback URL" "not a url" is not a URL$/)),
	row('SMS Get Price', 'empty message', node({ resource: 'sms', operation: 'getPrice', to: '+306900000001', message: '={{ "" }}', from: 'Routee' }), jsonItems({}), inItem(0, /^"Message" is empty$/)),
	row('SMS Get Price', 'number without +', node({ resource: 'sms', operation: 'getPrice', to: '={{ "06900000001" }}', message: 'Hi', from: 'Routee' }), jsonItems({}), inItem(0, /^"To" "06900000001" is not a valid phone number/)),
	row('SMS Get History', 'date range that ends before it starts', history({ dateFrom: iso(-2 * DAY_MS), dateTo: iso(-3 * DAY_MS) }), jsonItems({}), inItem(0, /^"Date To" \(.*\) is before "Date From" \(.*\)$/)),
	row('SMS Get History', 'range starting more than 7 days ago', history({ dateFrom: iso(-8 * DAY_MS) }), jsonItems({}), inItem(0, /^"Date From" \(.*\) is more than 7 days ago: Routee tracks only the last 7 days, so start at .* or later$/)),
	row('SMS Get History', 'range starting in the future', history({ dateFrom: iso(DAY_MS) }), jsonItems({}), inItem(0, /^"Date From" \(.*\) is in the future$/)),
	row('SMS Get History', 'negative limit', history({ limit: '={{ -5 }}' }), jsonItems({}), inItem(0, /^"Limit" must be a whole number of at least 1, got -5$/)),
	row('SMS Get History', 'non-numeric limit', history({ limit: '={{ "many" }}' }), jsonItems({}), inItem(0, /^"Limit" must be a whole number of at least 1, got "many"$/)),
	row('SMS Get History', 'Parallel Requests of 0', history({ pagingOptions: { parallelRequests: 0 } }), jsonItems({}), inItem(0, /^"Parallel Requests" must be a whole number from 1 to 16, got 0$/)),
	row('SMS Get History', 'filter number that is not a number', history({ filters: { to: '+1' } }), jsonItems({}), inItem(0, /^"To" "\+1" is not a valid phone number/)),
	row('SMS Get History', 'country of three letters', history({ filters: { country: 'GRC' } }), jsonItems({}), inItem(0, /^"Country" "GRC" is not a two-letter country code such as GR$/)),
	row('SMS Get Message', 'empty message ID', node({ resource: 'sms', operation: 'getMessage', messageId: '={{ $json.id }}' }), jsonItems({}), inItem(0, /^"Message ID" is empty$/)),
	row('SMS Get Campaign Messages', 'tracking ID an object', node({ resource: 'sms', operation: 'getCampaignMessages', campaignTrackingId: '={{ $json.id }}' }), jsonItems({ id: { id: 'c0ffee' } }), inItem(0, /^"Campaign Tracking ID" must be text, got an object/)),
	row('SMS Export History', 'date that is not a date', node({ resource: 'sms', operation: 'exportHistory', dateTo: 'yesterday' }), jsonItems({}), inItem(0, /^"Date To" must be a date/)),
	row('SMS Export History', 'range starting more than 7 days ago', node({ resource: 'sms', operation: 'exportHistory', dateFrom: iso(-10 * DAY_MS), dateTo: iso(-9 * DAY_MS) }), jsonItems({}), inItem(0, /^"Date From" \(.*\) is more than 7 days ago/)),
	row('Account Get Balance', 'API Base URL that is not http(s)', node({ resource: 'account', operation: 'getBalance' }, { baseUrl: 'file:///etc/passwd' }), jsonItems({}), /^Routee credential: "API Base URL" "file:\/\/\/etc\/passwd" is not an http:\/\/ or https:\/\/ address$/),
	row('SMS Send', 'Token URL that is not http(s) (the secret would go there)', send({}, { tokenUrl: 'ftp://auth.example.com/oauth/token' }), jsonItems(ok), /^Routee credential: "Token URL" "ftp:\/\/auth\.example\.com\/oauth\/token" is not an http:\/\/ or https:\/\/ address$/),
]);
