import type { IDataObject } from 'n8n-workflow';

import { APICO_SANDBOX_SID, APICO_SANDBOX_TOKEN, ApicoSimulator } from '../simulators/apico';
import type { NodeUnderTest } from '../support/n8n-harness';
import { badInputTable, inItem, jsonItems, type BadInput } from './table';

const sim = new ApicoSimulator();
const node = (parameters: IDataObject, baseUrl?: string): NodeUnderTest => ({
	type: 'apico',
	parameters,
	credentials: { apicoApi: { accountSid: APICO_SANDBOX_SID, authToken: APICO_SANDBOX_TOKEN, baseUrl: baseUrl ?? `${sim.baseUrl || 'http://127.0.0.1:1'}/v2` } },
});
const send = (extra: IDataObject = {}) =>
	node({ resource: 'message', operation: 'send', from: '={{ $json.from }}', to: '={{ $json.to }}', message: '={{ $json.text }}', ...extra });
const history = (extra: IDataObject) => node({ resource: 'message', operation: 'getHistory', ...extra });
const ok = { from: '+447860041755', to: '+447700900001', text: 'Hello' };
const row = (operation: string, input: string, nodeUnderTest: NodeUnderTest, items: BadInput['items'], error: BadInput['error']): BadInput => ({
	provider: 'Apico',
	operation,
	input,
	node: nodeUnderTest,
	items,
	error,
});

badInputTable('apico', sim, () => [
	row('Message Send', 'message over 1,600 characters', send({}), jsonItems({ ...ok, text: 'x'.repeat(1601) }), inItem(0, /^"Message" is 1601 characters long; this node sends at most 1600 to Apico, which documents no limit$/)),
	row('Message Send', 'empty message', send(), jsonItems({ ...ok, text: '' }), inItem(0, /^"Message" is empty$/)),
	row('Message Send', 'message an object', send(), jsonItems({ ...ok, text: { body: 'Hello' } }), inItem(0, /^"Message" must be text, got an object/)),
	row('Message Send', 'number too short', send(), jsonItems({ ...ok, to: '+4477' }), inItem(0, /^"To" "\+4477" is not a valid phone number in international format \(E\.164\)/)),
	row('Message Send', 'national number without a country', send(), jsonItems({ ...ok, to: '07700900001' }), inItem(0, /^"To" "07700900001" is not a valid phone number/)),
	row('Message Send', 'number null', send(), jsonItems({ ...ok, to: null }), inItem(0, /^"To" must be a phone number, got null$/)),
	row('Message Send', 'sender that is not a number (Apico sends from a rented number)', send(), jsonItems({ ...ok, from: 'MyShop' }), inItem(0, /^"From" "MyShop" is not a valid phone number/)),
	row('Message Send', 'sender a list', send(), jsonItems({ ...ok, from: ['+447860041755'] }), inItem(0, /^"From" must be a phone number, got a list$/)),
	row('Message Send', 'bad number in item 2 of 3 (none is sent)', send(), jsonItems(ok, ok, { ...ok, to: '+44 7700 9OO OO1' }), inItem(2, /^"To" "\+44 7700 9OO OO1" is not a valid phone number/)),
	row('Message Send', 'message application SID an object', send({ additionalFields: { msgAppSid: '={{ $json.app }}' } }), jsonItems({ ...ok, app: { sid: 'app1' } }), inItem(0, /^"Message Application SID" must be text, got an object/)),
	row('Message Get', 'empty message SID', node({ resource: 'message', operation: 'get', messageSid: '={{ $json.sid }}' }), jsonItems({ sid: '' }), inItem(0, /^"Message SID" is empty$/)),
	row('Message Get History', 'negative limit', history({ limit: '={{ -1 }}' }), jsonItems({}), inItem(0, /^"Limit" must be a whole number of at least 1, got -1$/)),
	row('Message Get History', 'non-numeric limit', history({ limit: '={{ "20 please" }}' }), jsonItems({}), inItem(0, /^"Limit" must be a whole number of at least 1, got "20 please"$/)),
	row('Message Get History', 'filter number that is not a number', history({ filters: { to: 'support' } }), jsonItems({}), inItem(0, /^"To" "support" is not a valid phone number/)),
	row('Message Get History', 'creation day that is not a date', history({ filters: { created: '={{ "last week" }}' } }), jsonItems({}), inItem(0, /^"Created On" must be a date/)),
	row('Message Get History', 'status Apico does not have (from an expression)', history({ filters: { status: '={{ "read" }}' } }), jsonItems({}), inItem(0, /^"Status" must be one of delivered, failed, queued, received, sent, got "read"$/)),
	row('Message Get History', 'direction Apico does not have (from an expression)', history({ filters: { direction: '={{ "both" }}' } }), jsonItems({}), inItem(0, /^"Direction" must be "inbound" or "outbound", got "both"$/)),
	row('Message Export History', 'format that is not CSV or JSON (from an expression)', node({ resource: 'message', operation: 'exportHistory', format: '={{ "xlsx" }}' }), jsonItems({}), inItem(0, /^"Format" must be "csv" or "json", got "xlsx"$/)),
	row('Message Export History', 'empty output field', node({ resource: 'message', operation: 'exportHistory', binaryPropertyName: '={{ " " }}' }), jsonItems({}), inItem(0, /^"Put Output File in Field" is empty$/)),
	row('Message Get History', 'Base URL that is not http(s)', node({ resource: 'message', operation: 'getHistory' }, 'javascript:alert(1)'), jsonItems({}), /^Apico credential: "Base URL" "javascript:alert\(1\)" is not an http:\/\/ or https:\/\/ address$/),
]);
