import type { IDataObject } from 'n8n-workflow';

import { ClickSendSimulator } from '../simulators/clicksend';
import type { NodeUnderTest } from '../support/n8n-harness';
import { badInputTable, inItem, jsonItems, type BadInput } from './table';

const sim = new ClickSendSimulator();
const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(1000)]);
const node = (parameters: IDataObject, baseUrl?: string): NodeUnderTest => ({
	type: 'clickSend',
	parameters,
	credentials: { clickSendApi: { username: 'sandbox', apiKey: 'DUMMY-SANDBOX-API-KEY-0001', baseUrl: baseUrl ?? (sim.baseUrl || 'http://127.0.0.1:1') } },
});
const sms = (extra: IDataObject) => node({ resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: '={{ $json.text }}', ...extra });
const mms = (extra: IDataObject) => node({ resource: 'mms', operation: 'send', to: '+61411111111', subject: 'Hi', message: 'Body', from: 'MyShop', mediaUrl: 'https://cdn.example.com/a.gif', ...extra });
const mmsPrice = (extra: IDataObject) => node({ resource: 'mms', operation: 'getPrice', to: '+61411111111', subject: 'Hi', message: 'Body', from: 'MyShop', mediaUrl: 'https://cdn.example.com/a.gif', ...extra });
const ok = { to: '+61411111111', text: 'Hello' };
const row = (operation: string, input: string, nodeUnderTest: NodeUnderTest, items: BadInput['items'], error: BadInput['error'], allowedCalls?: RegExp): BadInput => ({
	provider: 'ClickSend',
	operation,
	input,
	node: nodeUnderTest,
	items,
	error,
	allowedCalls,
});

badInputTable('clicksend', sim, () => [
	row('SMS Send', 'empty message', sms({}), jsonItems({ ...ok, text: '' }), /"Message" is empty/),
	row('SMS Send', 'message null (expression gone wrong)', sms({}), jsonItems({ ...ok, text: null }), /"Message" is empty/),
	row('SMS Send', 'message an object', sms({}), jsonItems({ ...ok, text: { a: 1 } }), /"Message" must be text, got an object/),
	row('SMS Send', 'number too short', sms({}), jsonItems({ ...ok, to: '+12' }), /"To" "\+12" is not a valid phone number/),
	row('SMS Send', 'national number without a country', sms({}), jsonItems({ ...ok, to: '0411111111' }), /"To" "0411111111" is not a valid phone number/),
	row('SMS Send', 'number with letters', sms({}), jsonItems({ ...ok, to: '+61 4ab 111 111' }), /"To" .* is not a valid phone number/),
	row('SMS Send', 'number null', sms({}), jsonItems({ ...ok, to: null }), /"To" must be a phone number, got null/),
	row('SMS Send', 'number a list', sms({}), jsonItems({ ...ok, to: ['+61411111111'] }), /"To" must be a phone number, got a list/),
	row('SMS Send', 'sender ID over 11 characters', sms({ from: 'MyVeryLongShopName' }), jsonItems(ok), /"From" "MyVeryLongShopName" is not a valid sender/),
	row('SMS Send', 'reference over 50 characters', sms({ additionalFields: { reference: 'r'.repeat(51) } }), jsonItems(ok), /"Reference" is 51 characters long/),
	row('SMS Send', 'schedule in the past', sms({ additionalFields: { schedule: '2020-01-01T00:00:00Z' } }), jsonItems(ok), /"Schedule" .* is in the past/),
	row('SMS Send', 'schedule in year 9999', sms({ additionalFields: { schedule: '9999-01-01T00:00:00Z' } }), jsonItems(ok), inItem(0, /^"Schedule" \(9999-01-01T00:00:00(\.000)?Z\) is more than 366 days ahead$/)),
	row('SMS Send', 'message of 10 MB (a file mapped into Message)', sms({}), jsonItems({ ...ok, text: 'x'.repeat(10 * 1024 * 1024) }), inItem(0, /^"Message" is 10485760 characters long; this node sends at most 1600 to ClickSend, which documents no limit$/)),
	row('SMS Send', 'schedule that is not a date', sms({ additionalFields: { schedule: 'next tuesday' } }), jsonItems(ok), /"Schedule" must be a date/),
	row('SMS Send', 'country of three letters', sms({ additionalFields: { country: 'AUS' } }), jsonItems(ok), /"Country" "AUS" is not a two-letter country code/),
	row('SMS Send', 'contact list ID that is not a number (typed in)', sms({ recipientType: 'list', listId: { __rl: true, mode: 'id', value: 'customers' } }), jsonItems(ok), /node has issues:[\s\S]*A list ID is a number/),
	row('SMS Send', 'contact list ID that is not a number (from an expression)', sms({ recipientType: 'list', listId: { __rl: true, mode: 'id', value: '={{ "customers" }}' } }), jsonItems(ok), /"Contact List" must be a list ID \(a number\), got "customers"/),
	row('SMS Get Price', 'empty message', node({ resource: 'sms', operation: 'getPrice', to: '+61411111111', message: '={{ "" }}' }), jsonItems({}), /"Message" is empty/),
	row('MMS Send', 'no sender (From from an expression that is empty)', mms({ from: '={{ $json.from }}' }), jsonItems({ from: '' }), inItem(0, /^"From" is empty; ClickSend requires a sender for an MMS/)),
	row('MMS Send', 'no sender (From left empty)', mms({ from: { __rl: true, mode: 'value', value: '' } }), jsonItems({}), /node has issues[\s\S]*From/),
	row('MMS Get Price', 'no sender (From from an expression that is empty)', mmsPrice({ from: '={{ $json.from }}' }), jsonItems({ from: '' }), inItem(0, /^"From" is empty; ClickSend requires a sender for an MMS/)),
	row('MMS Send', 'national number with Country set (MMS takes E.164 only)', mms({ to: '0411111111', additionalFields: { country: 'AU' } }), jsonItems({}), inItem(0, /^"To" "0411111111" is not a valid phone number in international format \(E\.164\): use \+ and the country code, such as \+61411111111; an MMS takes only international numbers, even with Country set$/)),
	row('MMS Get Price', 'national number with Country set (MMS takes E.164 only)', mmsPrice({ to: '0411111111', additionalFields: { country: 'AU' } }), jsonItems({}), inItem(0, /^"To" "0411111111" is not a valid phone number in international format \(E\.164\)/)),
	row('MMS Send', 'national number without Country', mms({ to: '0411111111' }), jsonItems({}), inItem(0, /^"To" "0411111111" is not a valid phone number in international format \(E\.164\)/)),
	row('MMS Send', 'subject over 20 characters', mms({ subject: 'This subject is far too long' }), jsonItems({}), /"Subject" is 28 characters long/),
	row('MMS Send', 'empty subject', mms({ subject: '={{ $json.subject }}' }), jsonItems({}), /"Subject" is empty/),
	row('MMS Send', 'body over 1,500 GSM characters', mms({ message: 'x'.repeat(1501) }), jsonItems({}), /"Message" is 1501 characters long; an MMS takes at most 1500/),
	row('MMS Send', 'body over 500 characters with emoji', mms({ message: '😀'.repeat(501) }), jsonItems({}), /"Message" is 501 characters long; an MMS takes at most 500/),
	row('MMS Send', 'GIF over 250 kB (sent as it is)', mms({ mediaSource: 'binary' }), [{ json: {}, binary: { data: { data: Buffer.alloc(300 * 1024).toString('base64'), mimeType: 'image/gif', fileName: 'big.gif' } } }], /"Input Binary Field" is 300 kB; an MMS attachment may be at most 250 kB/),
	row('MMS Send', 'PNG over 20 MB (too big even to convert)', mms({ mediaSource: 'binary' }), [{ json: {}, binary: { data: { data: Buffer.alloc(20 * 1024 * 1024 + 1024).toString('base64'), mimeType: 'image/png', fileName: 'huge.png' } } }], inItem(0, /^"Input Binary Field" is 20481 kB; this node uploads at most 20 MB for ClickSend to convert/)),
	row('MMS Send', 'media of an unsupported type', mms({ mediaSource: 'binary' }), [{ json: {}, binary: { data: { data: png.toString('base64'), mimeType: 'application/pdf', fileName: 'a.pdf' } } }], /an MMS takes a JPG, JPEG, GIF, PNG or BMP image/),
	row('MMS Send', 'binary property that does not exist', mms({ mediaSource: 'binary', binaryPropertyName: 'photo' }), jsonItems({}), /"Input Binary Field" "photo" is not on the input item; it has no binary data/),
	row('MMS Send', 'media URL that is not http(s)', mms({ mediaUrl: 'ftp://cdn.example.com/a.gif' }), jsonItems({}), /"Media URL" "ftp:\/\/cdn.example.com\/a.gif" must start with http/),
	row('MMS Send', 'media URL of a .webp file', mms({ mediaUrl: 'https://cdn.example.com/a.webp' }), jsonItems({}), /"Media URL" points to a \.webp file/),
	row('MMS Send', '1,001 recipients where 1,000 is the limit (a list of 1,001 contacts)', mms({ recipientType: 'list', listId: { __rl: true, mode: 'id', value: '777' } }), jsonItems({}), /"Contact List" 777 has 1001 contacts; ClickSend sends one MMS call to at most 1000 recipients/, /^GET \/v3\/lists\/777$/),
	row('SMS Get History', 'date range that ends before it starts', node({ resource: 'sms', operation: 'getHistory', dateFrom: '2026-11-02T00:00:00Z', dateTo: '2026-11-01T00:00:00Z' }), jsonItems({}), /"Date To" .* is before "Date From"/),
	row('SMS Get History', 'negative limit', node({ resource: 'sms', operation: 'getHistory', limit: '={{ -5 }}' }), jsonItems({}), /"Limit" must be a whole number of at least 1, got -5/),
	row('SMS Get History', 'non-numeric limit', node({ resource: 'sms', operation: 'getHistory', limit: '={{ "many" }}' }), jsonItems({}), /"Limit" must be a whole number of at least 1, got "many"/),
	row('SMS Get History', 'Parallel Requests of 0', node({ resource: 'sms', operation: 'getHistory', pagingOptions: { parallelRequests: 0 } }), jsonItems({}), /"Parallel Requests" must be a whole number from 1 to 16, got 0/),
	row('SMS Get History', 'filter number that is not a number', node({ resource: 'sms', operation: 'getHistory', filters: { to: '+1' } }), jsonItems({}), /"To" "\+1" is not a valid phone number/),
	row('SMS Get History', 'status filter that is not a ClickSend status', node({ resource: 'sms', operation: 'getHistory', filters: { status: '={{ "Delivered" }}' } }), jsonItems({}), /"Status" "Delivered" is not one of Cancelled, CancelledAfterReview, Completed/),
	row('SMS Send', 'Shorten URLs that is not true or false', sms({ options: { shortenUrls: '={{ "yes" }}' } }), jsonItems(ok), /"Shorten URLs" must be true or false, got "yes"/),
	row('SMS Get Price', 'Shorten URLs that is not true or false', node({ resource: 'sms', operation: 'getPrice', to: '+61411111111', message: 'Hi', options: { shortenUrls: '={{ 1 }}' } }), jsonItems({}), /"Shorten URLs" must be true or false, got 1/),
	row('SMS Get Delivery Receipts', 'Mark as Read with a Limit (receipts are marked by date)', node({ resource: 'sms', operation: 'getReceipts', limit: 5, markAsRead: true }), jsonItems({}), /"Mark as Read" marks every receipt up to the newest one read/),
	row('SMS Get Inbound', 'Mark as Read that is not true or false', node({ resource: 'sms', operation: 'getInbound', markAsRead: '={{ "yes" }}' }), jsonItems({}), /"Mark as Read" must be true or false, got "yes"/),
	row('SMS Export History', 'date that is not a date', node({ resource: 'sms', operation: 'exportHistory', dateFrom: 'yesterday' }), jsonItems({}), /"Date From" must be a date/),
	row('SMS Cancel Scheduled', 'empty message ID', node({ resource: 'sms', operation: 'cancelScheduled', messageId: '={{ $json.id }}' }), jsonItems({}), /"Message ID" is empty/),
	row('Account Get', 'Base URL that is not http(s)', node({ resource: 'account', operation: 'get' }, 'file:///etc/passwd'), jsonItems({}), /ClickSend credential: "Base URL" "file:\/\/\/etc\/passwd" is not an http:\/\/ or https:\/\/ address/),
]);

beforeAll(() => {
	sim.lists.push({ list_id: 777, list_name: 'Everyone', contacts: Array.from({ length: 1001 }, (_, index) => `+6141${String(index).padStart(7, '0')}`) });
});
