/**
 * The SMS Gateway node's Send in n8n's own workflow execution, against all four simulators over
 * real HTTP: Cheapest routing by the simulators' per-country prices (one price call per provider
 * per country and text, not per recipient), In Order failover on refusals that certainly sent
 * nothing, never on a call that may have gone out, and every recipient sent exactly once across
 * all providers (counted by the simulators).
 */
import type { IDataObject } from 'n8n-workflow';

import { ApicoSimulator } from '../simulators/apico';
import { ClickSendSimulator } from '../simulators/clicksend';
import { RouteeSimulator } from '../simulators/routee';
import { SmsUpSimulator } from '../simulators/smsup';
import { gatewayCredentials, ROUTEE_SANDBOX_SECRET } from '../support/gateway-credentials';
import { runNode, type NodeUnderTest, type WorkflowRunResult } from '../support/n8n-harness';

const clickSend = new ClickSendSimulator();
const routee = new RouteeSimulator();
const smsUp = new SmsUpSimulator();
const apico = new ApicoSimulator();
const mainItems = (run: WorkflowRunResult) => run.outputs[0] ?? [];

const credentials = (overrides: { routeeSecret?: string } = {}) =>
	gatewayCredentials({ clickSend: clickSend.baseUrl, routee: routee.baseUrl, smsUp: smsUp.baseUrl, apico: apico.baseUrl }, overrides);

type ProviderEntry = { provider: string; from?: string; rate?: number; pricePerPart?: number };
const CLICKSEND: ProviderEntry = { provider: 'clickSend', rate: 0.5 };
const ROUTEE: ProviderEntry = { provider: 'routee', from: 'Shop', rate: 1 };
const SMSUP: ProviderEntry = { provider: 'smsUp', pricePerPart: 0.06 };
const APICO: ProviderEntry = { provider: 'apico', from: '+447860041755', pricePerPart: 0.04 };

const gatewayNode = (parameters: IDataObject, providers: ProviderEntry[], overrides: { routeeSecret?: string } = {}): NodeUnderTest => ({
	type: 'smsGateway',
	parameters: { output: 'full', resource: 'message', to: '={{ $json.to }}', message: '={{ $json.text }}', ...parameters, providers: { provider: providers } } as NodeUnderTest['parameters'],
	credentials: credentials(overrides),
});

/** Messages each simulator accepted, by recipient digits. */
function acceptedByProvider(): Record<string, Map<string, number>> {
	const byDigits = (counts: Map<string, number>) => {
		const out = new Map<string, number>();
		for (const [key, count] of counts) {
			const digits = key.split('|')[0].replace(/\D/g, '');
			out.set(digits, (out.get(digits) ?? 0) + count);
		}
		return out;
	};
	return {
		ClickSend: byDigits(clickSend.acceptedCount),
		Routee: byDigits(routee.acceptedByRecipient),
		'smsup.ch': byDigits(smsUp.acceptedCount),
		Apico: byDigits(apico.acceptedCount),
	};
}

/** Which provider accepted each recipient, and how often in all. */
function whoSent(): Map<string, string[]> {
	const senders = new Map<string, string[]>();
	for (const [provider, counts] of Object.entries(acceptedByProvider())) {
		for (const [digits, count] of counts) for (let time = 0; time < count; time++) senders.set(digits, [...(senders.get(digits) ?? []), provider]);
	}
	return senders;
}

beforeAll(async () => {
	await Promise.all([clickSend.start(), routee.start(), smsUp.start(), apico.start()]);
});
afterAll(async () => {
	await Promise.all([clickSend.stop(), routee.stop(), smsUp.stop(), apico.stop()]);
});
beforeEach(() => {
	clickSend.reset();
	clickSend.acceptedCount.clear();
	clickSend.rejectedRecipients.clear();
	routee.resetAll();
	routee.applications.get('sandbox-app')!.secret = ROUTEE_SANDBOX_SECRET;
	smsUp.resetState(1_000_000);
	apico.reset();
	apico.acceptedCount.clear();
	apico.rejectedRecipients.clear();
});

describe('Cheapest', () => {
	// Per part, in the comparison currency, worked out by hand from the simulators' price lists:
	// ClickSend AUD × 0.5 (GB 0.056, US 0.0425, CH 0.09, DE 0.1 by default), Routee EUR (GB 0.035,
	// US 0.012, CH 0.07, DE 0.075), smsup.ch 0.06 per credit, Apico 0.04 per part.
	const countries = [
		{ prefix: '+44770090', cheapest: 'ClickSend', model: 'clicksend', price: 0.028 },
		{ prefix: '+1202555', cheapest: 'Routee', model: 'routee', price: 0.012 },
		{ prefix: '+41781234', cheapest: 'Apico', model: 'apico', price: 0.04 },
		{ prefix: '+49151234', cheapest: 'Apico', model: 'apico', price: 0.04 },
	];
	const recipients = countries.flatMap((country, countryIndex) =>
		[0, 1, 2].map((index) => ({ to: `${country.prefix}${String(1000 + countryIndex * 10 + index)}`, text: 'Your order has shipped', country })),
	);

	it('sends each recipient through the provider the simulators price lowest, each exactly once', async () => {
		const run = await runNode(
			gatewayNode({ operation: 'send', routing: 'cheapest' }, [CLICKSEND, ROUTEE, SMSUP, APICO]),
			recipients.map(({ to, text }) => ({ to, text })),
		);
		expect(run.error).toBeUndefined();
		const output = mainItems(run);
		expect(output.map((item) => item.pairedItem)).toEqual(recipients.map((_, index) => ({ item: index })));
		output.forEach((item, index) => {
			const { country, to } = recipients[index];
			expect(item.json.provider).toBe(country.model);
			expect(item.json.to).toBe(to);
			expect(item.json.routing).toEqual({ routing: 'cheapest', price: country.price, currency: 'EUR', passedOver: [] });
		});
		const senders = whoSent();
		for (const { to, country } of recipients) expect(senders.get(to.replace(/\D/g, ''))).toEqual([country.cheapest]);
		expect([...senders.values()].flat()).toHaveLength(recipients.length);

		// One price call per provider for all messages where the API prices many (ClickSend), one
		// per country where it prices one; none for Apico, which has no price call.
		expect(clickSend.recorded(/^POST \/v3\/sms\/price$/)).toHaveLength(1);
		expect((clickSend.recorded(/^POST \/v3\/sms\/price$/)[0].body as { messages: unknown[] }).messages).toHaveLength(countries.length);
		expect(routee.recorded(/^POST \/sms\/analyze$/)).toHaveLength(countries.length);
		expect(smsUp.recorded(/^POST \/send\/simulate$/)).toHaveLength(countries.length);
		// Batching stays: ClickSend's three recipients went in one call.
		expect(clickSend.recorded(/^POST \/v3\/sms\/send$/)).toHaveLength(1);
	});

	it('falls back to the next cheapest when the cheapest refuses', async () => {
		// Apico refuses the Swiss numbers (a 400: nothing sent); ClickSend is next cheapest there (0.045).
		for (const { to, country } of recipients) if (country.prefix === '+41781234') apico.rejectedRecipients.set(to.replace(/\D/g, ''), 'BAD REQUEST: destination not allowed');
		const run = await runNode(gatewayNode({ operation: 'send', routing: 'cheapest' }, [CLICKSEND, ROUTEE, SMSUP, APICO]), recipients.map(({ to, text }) => ({ to, text })));
		expect(run.error).toBeUndefined();
		const output = mainItems(run);
		const senders = whoSent();
		recipients.forEach(({ to, country }, index) => {
			const swiss = country.prefix === '+41781234';
			expect(senders.get(to.replace(/\D/g, ''))).toEqual([swiss ? 'ClickSend' : country.cheapest]);
			const routing = output[index].json.routing as IDataObject;
			if (swiss) {
				expect(routing.price).toBe(0.045);
				expect(routing.passedOver).toEqual([{ provider: 'Apico', reason: expect.stringContaining('destination not allowed') }]);
			} else {
				expect(routing.passedOver).toEqual([]);
			}
		});
	});
});

describe('In Order', () => {
	const first = { to: '+447700900001', text: 'Code 1' };
	const second = { to: '+447700900002', text: 'Code 2' };

	it('fails over past a rejection in a 200, −3 and a 401 to the next provider, sending each recipient once', async () => {
		clickSend.rejectedRecipients.set(first.to, 'COUNTRY_NOT_ENABLED');
		smsUp.resetState(0);
		const run = await runNode(
			{ ...gatewayNode({ operation: 'send', routing: 'inOrder' }, [CLICKSEND, SMSUP, ROUTEE, APICO], { routeeSecret: 'WRONG-SECRET' }) },
			[first, second],
		);
		expect(run.error).toBeUndefined();
		const [one, two] = mainItems(run);
		expect(one.json.provider).toBe('apico');
		expect((one.json.routing as IDataObject).passedOver).toEqual([
			{ provider: 'ClickSend', reason: expect.stringContaining('COUNTRY_NOT_ENABLED') },
			{ provider: 'smsup.ch', reason: expect.stringMatching(/credits/i) },
			{ provider: 'Routee', reason: expect.stringMatching(/401|credential|secret|authenticat/i) },
		]);
		expect(two.json.provider).toBe('clicksend');
		expect((two.json.routing as IDataObject).passedOver).toEqual([]);
		const senders = whoSent();
		expect(senders.get('447700900001')).toEqual(['Apico']);
		expect(senders.get('447700900002')).toEqual(['ClickSend']);
		expect([...senders.values()].flat()).toHaveLength(2);
	});

	it('fails over past a 429 that lasts beyond the retries, and past a connection refused before the request was written', async () => {
		// ClickSend throttles every attempt; smsup.ch's address refuses connections (nothing listens there).
		clickSend.inject({ match: /^POST \/v3\/sms\/send$/, fault: { type: 'status', status: 429, retryAfter: '0', body: { response_code: 'THROTTLED' } }, times: 50 });
		const closed = 'http://127.0.0.1:9';
		const node = gatewayNode({ operation: 'send', routing: 'inOrder' }, [CLICKSEND, SMSUP, APICO]);
		node.credentials = { ...node.credentials, smsUpApi: { ...node.credentials!.smsUpApi, baseUrl: closed } };
		const run = await runNode(node, [first]);
		expect(run.error).toBeUndefined();
		const [item] = mainItems(run);
		expect(item.json.provider).toBe('apico');
		expect((item.json.routing as IDataObject).passedOver).toEqual([
			{ provider: 'ClickSend', reason: expect.stringMatching(/too many requests|THROTTLED|429/i) },
			{ provider: 'smsup.ch', reason: expect.stringMatching(/refused|ECONNREFUSED/i) },
		]);
		// ClickSend was asked again only within its retry budget (a 429 means it took nothing).
		expect(clickSend.recorded(/^POST \/v3\/sms\/send$/).length).toBeGreaterThan(1);
		expect(whoSent().get('447700900001')).toEqual(['Apico']);
	}, 60_000);

	it.each([
		['a 500 after the request left', { type: 'status', status: 500, body: { response_code: 'INTERNAL_ERROR' } }],
		['a connection reset after the request was read', { type: 'dropAfterRead' }],
	] as const)('never fails over %s: reported as may have been sent', async (_label, fault) => {
		clickSend.inject({ match: /^POST \/v3\/sms\/send$/, fault, times: 10 });
		const run = await runNode({ ...gatewayNode({ operation: 'send', routing: 'inOrder' }, [CLICKSEND, SMSUP, ROUTEE, APICO]), continueOnFail: true }, [first]);
		const [item] = mainItems(run);
		expect(item.json.error).toMatch(/may have been sent by ClickSend/);
		expect(item.json.details).toMatchObject({ to: first.to, provider: 'ClickSend', maybeSent: true });
		// The call was made once (a send is not repeated when it may have gone out), and no other provider was asked.
		expect(clickSend.recorded(/^POST \/v3\/sms\/send$/)).toHaveLength(1);
		expect(smsUp.recorded(/^POST \/send$/)).toHaveLength(0);
		expect(routee.recorded(/^POST \/sms$/)).toHaveLength(0);
		expect(apico.recorded(/^POST /)).toHaveLength(0);
	});

	it('without Continue On Fail, a message refused by every provider stops the node after the others went out once', async () => {
		for (const sim of [clickSend.rejectedRecipients]) sim.set(first.to, 'INVALID_RECIPIENT');
		apico.rejectedRecipients.set('447700900001', 'BAD REQUEST: blocked');
		const run = await runNode(gatewayNode({ operation: 'send', routing: 'inOrder' }, [CLICKSEND, APICO]), [first, second]);
		expect(run.error?.message).toBe('1 of 2 messages were not sent: item 0 (+447700900001) was refused by every provider');
		expect(run.error?.description).toContain('1 sent (item 1) and not sent again.');
		expect(whoSent().get('447700900002')).toEqual(['ClickSend']);
		expect(whoSent().get('447700900001')).toBeUndefined();
	});
});

describe("n8n's Retry On Fail", () => {
	const RETRY = { retryOnFail: true, maxTries: 3, waitBetweenTries: 10 };
	const first = { to: '+447700900011', text: 'Code 11' };
	const second = { to: '+447700900012', text: 'Code 12' };
	const clickSendSends = () => clickSend.recorded(/^POST \/v3\/sms\/send$/).map((call) => (call.body as { messages: Array<{ to: string }> }).messages.map((message) => message.to));

	it('tries again only the message every provider refused; the one sent stays sent once', async () => {
		clickSend.rejectedRecipients.set(second.to, 'INVALID_RECIPIENT');
		apico.rejectedRecipients.set('447700900012', 'BAD REQUEST: blocked');
		const run = await runNode({ ...gatewayNode({ operation: 'send', routing: 'inOrder' }, [CLICKSEND, APICO]), ...RETRY }, [first, second]);
		expect(run.error?.message).toBe('1 of 2 messages were not sent: item 1 (+447700900012) was refused by every provider');
		// Three tries: both on the first, then only the refused one.
		expect(clickSendSends()).toEqual([[first.to, second.to], [second.to], [second.to]]);
		expect(apico.recorded(/^POST /)).toHaveLength(3);
		expect(whoSent().get('447700900011')).toEqual(['ClickSend']);
		expect(whoSent().get('447700900012')).toBeUndefined();
	});

	it('never sends again, through any provider, a message an earlier try may have sent', async () => {
		clickSend.inject({ match: /^POST \/v3\/sms\/send$/, fault: { type: 'dropAfterRead' }, times: 1 });
		const run = await runNode({ ...gatewayNode({ operation: 'send', routing: 'inOrder' }, [CLICKSEND, SMSUP, APICO]), ...RETRY }, [first, second]);
		expect(clickSendSends()).toEqual([[first.to, second.to]]);
		expect(smsUp.recorded(/^POST \/send$/)).toHaveLength(0);
		expect(apico.recorded(/^POST /)).toHaveLength(0);
		// The simulator took both before the connection dropped: each once.
		expect(whoSent().get('447700900011')).toEqual(['ClickSend']);
		expect(whoSent().get('447700900012')).toEqual(['ClickSend']);
		expect(run.error?.message).toBe(
			'2 of 2 messages were not sent: item 0 (+447700900011) may have been sent by an earlier try; item 1 (+447700900012) may have been sent by an earlier try',
		);
	});
});
