/**
 * The SMS Gateway's bad inputs: each stops the item (or the node) with an error naming the item
 * and the field, and no provider hears of it. Every credential points at one simulator, so a
 * request from any of the four providers would be recorded there.
 */
import type { IDataObject } from 'n8n-workflow';

import { ClickSendSimulator } from '../simulators/clicksend';
import { gatewayCredentials } from '../support/gateway-credentials';
import type { NodeUnderTest } from '../support/n8n-harness';
import { badInputTable, inItem, jsonItems, type BadInput } from './table';

const sim = new ClickSendSimulator();
const url = () => sim.baseUrl || 'http://127.0.0.1:1';
const PROVIDERS = [
	{ provider: 'clickSend', rate: 0.5 },
	{ provider: 'routee', from: 'Shop', rate: 1 },
	{ provider: 'smsUp', pricePerPart: 0.06 },
	{ provider: 'apico', from: '+447860041755', pricePerPart: 0.04 },
];
const node = (parameters: IDataObject, providers: IDataObject[] = PROVIDERS): NodeUnderTest => ({
	type: 'smsGateway',
	parameters: { resource: 'message', providers: { provider: providers }, ...parameters },
	credentials: gatewayCredentials({ clickSend: url(), routee: url(), smsUp: url(), apico: url() }),
});
const message = { to: '={{ $json.to }}', message: '={{ $json.text }}' };
const send = (extra: IDataObject = {}, providers?: IDataObject[]) => node({ operation: 'send', routing: 'cheapest', ...message, ...extra }, providers);
const preview = (extra: IDataObject = {}) => node({ operation: 'getPrice', routing: 'cheapest', ...message, ...extra });
const history = (extra: IDataObject = {}) => node({ operation: 'getHistory', ...extra });
const ok = { to: '+447700900001', text: 'Hello' };
const row = (operation: string, input: string, nodeUnderTest: NodeUnderTest, items: BadInput['items'], error: BadInput['error']): BadInput => ({
	provider: 'SMS Gateway',
	operation,
	input,
	node: nodeUnderTest,
	items,
	error,
});

badInputTable('sms-gateway', sim, () => [
	row('Message Send', 'empty message', send(), jsonItems({ ...ok, text: '' }), inItem(0, /^"Message" is empty$/)),
	row('Message Send', 'message an object', send(), jsonItems({ ...ok, text: { body: 'Hello' } }), inItem(0, /^"Message" must be text, got an object/)),
	row('Message Send', 'message over 1,600 characters', send(), jsonItems({ ...ok, text: 'x'.repeat(1601) }), inItem(0, /^"Message" is 1601 characters long/)),
	row('Message Send', 'national number without a country', send(), jsonItems({ ...ok, to: '07700900001' }), inItem(0, /^"To" "07700900001" is not a valid phone number/)),
	row('Message Send', 'number null', send(), jsonItems({ ...ok, to: null }), inItem(0, /^"To" must be a phone number, got null$/)),
	row('Message Send', 'bad number in item 2 of 3 (none is sent)', send(), jsonItems(ok, ok, { ...ok, to: '+44 7700 9OO OO1' }), inItem(2, /^"To" "\+44 7700 9OO OO1" is not a valid phone number/)),
	row('Message Send', 'no provider listed', send({}, []), jsonItems(ok), inItem(0, /^"Providers" lists no provider/)),
	row('Message Send', 'a provider listed twice', send({}, [PROVIDERS[0], PROVIDERS[0]]), jsonItems(ok), inItem(0, /^"Providers" lists ClickSend twice/)),
	row('Message Send', 'Routee without a sender', send({}, [{ provider: 'routee', from: '', rate: 1 }]), jsonItems(ok), inItem(0, /^"Providers → Routee → From" is empty; Routee requires a sender$/)),
	row('Message Send', 'exchange rate of 0', send({}, [{ provider: 'clickSend', rate: 0 }]), jsonItems(ok), inItem(0, /^"Providers → ClickSend → Exchange Rate" must be a number above 0$/)),
	row('Message Send', 'schedule in the past', send({ options: { schedule: '2020-01-01T10:00:00Z' } }), jsonItems(ok), inItem(0, /^"Schedule" \(2020-01-01T10:00:00Z\) is in the past$/)),
	row('Message Send', 'Smart Encoding not true or false (from an expression)', send({ options: { smartEncoding: '={{ "yes" }}' } }), jsonItems(ok), inItem(0, /^"Smart Encoding" must be true or false, got string "yes"$/)),
	row('Message Get Price', 'empty message', preview(), jsonItems({ ...ok, text: '' }), inItem(0, /^"Message" is empty$/)),
	row('Message Get History', 'Date To before Date From', history({ dateFrom: '2026-11-02T00:00:00Z', dateTo: '2026-11-01T00:00:00Z' }), jsonItems({}), inItem(0, /^"Date To"/)),
	row('Message Get History', 'To filter that is not a number', history({ filters: { to: 'support' } }), jsonItems({}), inItem(0, /^"To" "support" is not a valid phone number/)),
	row('Message Get History', 'order that does not exist (from an expression)', history({ order: '={{ "random" }}' }), jsonItems({}), inItem(0, /^"Order" must be "newestFirst" or "oldestFirst", got "random"$/)),
	row('Message Export History', 'format that is not CSV or JSON (from an expression)', node({ operation: 'exportHistory', format: '={{ "xlsx" }}' }), jsonItems({}), inItem(0, /^"Format" must be "csv" or "json", got "xlsx"$/)),
]);
