/**
 * The routing scenario: the SMS Gateway node's Send with Cheapest over all four providers,
 * against the four simulators started in the scenario's process, and its baselines (each
 * provider's own node sending its share directly). What the run needs to set it up, run it, and
 * check from the simulators' records that every recipient was accepted exactly once, by the
 * provider that prices it lowest.
 *   single: every recipient cheapest at ClickSend (UK numbers);
 *   spread: a quarter cheapest at each provider (UK, US, France, Germany).
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { callingCodeOf, countSegments } from '../nodes/shared/sms';
import type { SimulatorServer } from '../test/simulators/framework';
import { runNode } from '../test/support/n8n-harness';
import { apico, clickSend, routee, smsUp } from './providers';

export type RoutingVariant = 'single' | 'spread';
export type RoutingRun = 'routed' | 'direct';

/** Provider names as the SMS Gateway node's output and users name them. */
const NAMES = ['ClickSend', 'Routee', 'smsup.ch', 'Apico'] as const;
type ProviderName = (typeof NAMES)[number];

/** One provider's figures in one run. */
export interface RoutingProviderFigures {
	name: ProviderName;
	priceCalls: number;
	/**
	 * The price calls the target allows: one per batch. ClickSend prices up to 1,000 messages a
	 * call, Routee and smsup.ch one (so one per country and text), Apico has no price call.
	 */
	priceBatches: number;
	sendCalls: number;
	/** The fewest send calls for its recipients: ClickSend 1,000 a call, the others one each. */
	minimumSendCalls: number;
	accepted: number;
}

export interface RoutingFigures {
	providers: RoutingProviderFigures[];
	/** Requests that were neither a price nor a send call (a token, an account read). */
	otherCalls: number;
}

interface Share {
	provider: ProviderName;
	/** The node's `provider` field of the one message model. */
	model: string;
	/** A country's mobile prefix; the recipient's index fills the rest of the number. */
	prefix: string;
	digits: number;
	text: string;
}

const TEXT = 'Your order has shipped';
/**
 * 160 characters with one €: smsup.ch's and ClickSend's simulators count characters (one part),
 * the GSM rule counts € as two septets (161: two parts), which is what Routee counts and what
 * Apico's Price per Message Part is applied to. It makes smsup.ch the cheapest in France while
 * Apico stays the cheapest in Germany; with one text their flat part prices would never cross.
 */
const FRENCH_TEXT = 'Votre facture de 49 € est disponible dans votre espace client. Merci de la régler avant le 30 du mois; pour toute question, répondez à ce message. Bonne journée';

// Per part in the comparison currency, from the simulators' price tables: ClickSend AUD × 0.5
// (GB 0.028, US 0.02125, FR and DE 0.05 by default), Routee EUR (GB 0.035, US 0.012, FR 0.06,
// DE 0.075), smsup.ch 0.045 per credit, Apico 0.04 per part. So GB → ClickSend, US → Routee,
// DE → Apico (0.04 < smsup.ch 0.045), and France with FRENCH_TEXT → smsup.ch (0.045 for its one
// credit, against ClickSend 0.05, Apico 0.08 and Routee 0.12 for two parts).
const GATEWAY_PROVIDERS: IDataObject[] = [
	{ provider: 'clickSend', rate: 0.5 },
	{ provider: 'routee', from: 'Shop', rate: 1 },
	{ provider: 'smsUp', pricePerPart: 0.045 },
	{ provider: 'apico', from: '+447860041755', pricePerPart: 0.04 },
];

const SHARES: Record<ProviderName, Share> = {
	ClickSend: { provider: 'ClickSend', model: 'clicksend', prefix: '+447700', digits: 6, text: TEXT },
	Routee: { provider: 'Routee', model: 'routee', prefix: '+1202', digits: 7, text: TEXT },
	'smsup.ch': { provider: 'smsup.ch', model: 'smsup', prefix: '+336', digits: 8, text: FRENCH_TEXT },
	Apico: { provider: 'Apico', model: 'apico', prefix: '+49151', digits: 8, text: TEXT },
};

export interface Recipient {
	to: string;
	text: string;
	/** The provider that prices it lowest, so the one that must accept it. */
	provider: ProviderName;
}

/** `count` recipients: all UK (single), or a quarter per provider in list order (spread). */
export function routingRecipients(variant: RoutingVariant, count: number): Recipient[] {
	checkTexts();
	const shares = variant === 'single' ? [SHARES.ClickSend] : NAMES.map((name) => SHARES[name]);
	return Array.from({ length: count }, (_, index) => {
		const share = shares[Math.floor((index * shares.length) / count)];
		return { to: `${share.prefix}${String(index).padStart(share.digits, '0')}`, text: share.text, provider: share.provider };
	});
}

/** The four simulators, as the other scenarios set them up (unlimited balances). */
export function routingSimulators() {
	return { clickSend: clickSend.createSimulator(), routee: routee.createSimulator(), smsUp: smsUp.createSimulator(), apico: apico.createSimulator() };
}
type Simulators = ReturnType<typeof routingSimulators>;

export const simulatorList = (sims: Simulators): SimulatorServer[] => [sims.clickSend, sims.routee, sims.smsUp, sims.apico];

function credentials(sims: Simulators) {
	return {
		[clickSend.credentialType]: clickSend.credentials(sims.clickSend.baseUrl, sims.clickSend),
		// A token issued up front, as n8n keeps it between executions: the calls counted are the API's.
		[routee.credentialType]: routee.credentials(sims.routee.baseUrl, sims.routee),
		[smsUp.credentialType]: smsUp.credentials(sims.smsUp.baseUrl, sims.smsUp),
		[apico.credentialType]: apico.credentials(sims.apico.baseUrl, sims.apico),
	};
}

/** Each provider's own node, its default Send: ClickSend in calls of 1,000, the others one call per message, 8 in flight. */
const DIRECT_NODES: Record<ProviderName, { type: string; parameters: IDataObject }> = {
	ClickSend: { type: clickSend.nodeType, parameters: { resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: '={{ $json.text }}' } },
	Routee: { type: routee.nodeType, parameters: { resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: '={{ $json.text }}', from: 'Shop' } },
	'smsup.ch': { type: smsUp.nodeType, parameters: { resource: 'sms', operation: 'send', to: '={{ $json.to }}', message: '={{ $json.text }}' } },
	Apico: { type: apico.nodeType, parameters: { resource: 'message', operation: 'send', from: '+447860041755', to: '={{ $json.to }}', message: '={{ $json.text }}' } },
};

async function runOrThrow(type: string, parameters: IDataObject, sims: Simulators, items: IDataObject[]): Promise<INodeExecutionData[]> {
	const { outputs, error } = await runNode({ type, parameters: parameters as never, credentials: credentials(sims) }, items as never);
	if (error) throw error;
	return outputs[0] ?? [];
}

/**
 * Routed: one SMS Gateway Send over all recipients. Direct: each provider's node sends its own
 * share, one after another, as n8n runs a Switch node's four branches.
 */
export async function runRouting(run: RoutingRun, sims: Simulators, recipients: Recipient[]): Promise<INodeExecutionData[]> {
	if (run === 'routed') {
		const parameters = { resource: 'message', operation: 'send', routing: 'cheapest', to: '={{ $json.to }}', message: '={{ $json.text }}', providers: { provider: GATEWAY_PROVIDERS } };
		return await runOrThrow('smsGateway', parameters, sims, recipients.map(({ to, text }) => ({ to, text })));
	}
	const outputs: INodeExecutionData[] = [];
	for (const name of NAMES) {
		const share = recipients.filter((recipient) => recipient.provider === name);
		if (share.length) outputs.push(...(await runOrThrow(DIRECT_NODES[name].type, DIRECT_NODES[name].parameters, sims, share.map(({ to, text }) => ({ to, text })))));
	}
	return outputs;
}

/** Accepted messages by recipient digits (the simulators key them `number|reference`). */
function byDigits(counts: Map<string, number>): Map<string, number> {
	const out = new Map<string, number>();
	for (const [key, count] of counts) {
		const digits = key.split('|')[0].replace(/\D/g, '');
		out.set(digits, (out.get(digits) ?? 0) + count);
	}
	return out;
}

const PRICE_CALLS: Record<ProviderName, RegExp | undefined> = {
	ClickSend: /^POST \/v3\/sms\/price$/,
	Routee: /^POST \/sms\/analyze$/,
	'smsup.ch': /^(GET|POST) \/send\/simulate$/,
	Apico: undefined,
};
const SEND_CALLS: Record<ProviderName, RegExp> = {
	ClickSend: /^POST \/v3\/sms\/send$/,
	Routee: /^POST \/sms(\/campaign)?$/,
	'smsup.ch': /^(GET|POST) \/send$/,
	Apico: /^POST \/v2\/accounts\/[^/]+\/messages$/,
};

/**
 * The run's figures from the simulators' records, after checking that every recipient was
 * accepted exactly once in all, by the provider that prices it lowest, and (routed) that the
 * node's output says so; throws otherwise, so a wrong route never yields a figure.
 */
export function checkRouting(run: RoutingRun, sims: Simulators, recipients: Recipient[], output: INodeExecutionData[]): RoutingFigures {
	const simulators: Record<ProviderName, { sim: SimulatorServer; accepted: Map<string, number> }> = {
		ClickSend: { sim: sims.clickSend, accepted: byDigits(sims.clickSend.acceptedCount) },
		Routee: { sim: sims.routee, accepted: byDigits(sims.routee.acceptedByRecipient) },
		'smsup.ch': { sim: sims.smsUp, accepted: byDigits(sims.smsUp.acceptedCount) },
		Apico: { sim: sims.apico, accepted: byDigits(sims.apico.acceptedCount) },
	};
	const problems: string[] = [];
	let acceptedInAll = 0;
	for (const { accepted } of Object.values(simulators)) for (const count of accepted.values()) acceptedInAll += count;
	if (acceptedInAll !== recipients.length) problems.push(`${acceptedInAll} messages accepted in all for ${recipients.length} recipients`);
	for (const { to, provider } of recipients) {
		const digits = to.replace(/\D/g, '');
		const by = NAMES.flatMap((name) => Array<ProviderName>(simulators[name].accepted.get(digits) ?? 0).fill(name));
		if (by.length !== 1 || by[0] !== provider) problems.push(`${to} accepted by [${by.join(', ')}], expected [${provider}]`);
		if (problems.length > 5) break;
	}
	if (output.length !== recipients.length) problems.push(`${output.length} output items for ${recipients.length} recipients`);
	if (run === 'routed') {
		recipients.forEach(({ to, provider }, index) => {
			const json = output[index]?.json ?? {};
			if (json.to !== to || json.provider !== SHARES[provider].model) problems.push(`item ${index} (${to}) output provider ${String(json.provider)}, expected ${SHARES[provider].model}`);
		});
	}
	if (problems.length) throw new Error(`routing ${run}: ${problems.slice(0, 6).join('; ')}`);

	// One price call per batch: distinct country calling code and text are what the node prices.
	const groups = new Set(recipients.map(({ to, text }) => `${callingCodeOf(to)?.callingCode ?? to}\u0000${text}`)).size;
	let classified = 0;
	const providers = NAMES.map((name): RoutingProviderFigures => {
		const { sim, accepted } = simulators[name];
		const priceCalls = PRICE_CALLS[name] ? sim.recorded(PRICE_CALLS[name]).length : 0;
		const sendCalls = sim.recorded(SEND_CALLS[name]).length;
		classified += priceCalls + sendCalls;
		const share = recipients.filter((recipient) => recipient.provider === name).length;
		const priceBatches = run === 'direct' || !PRICE_CALLS[name] ? 0 : name === 'ClickSend' ? Math.ceil(groups / 1000) : groups;
		let acceptedHere = 0;
		for (const count of accepted.values()) acceptedHere += count;
		return { name, priceCalls, priceBatches, sendCalls, minimumSendCalls: name === 'ClickSend' ? Math.ceil(share / 1000) : share, accepted: acceptedHere };
	});
	const total = simulatorList(sims).reduce((sum, sim) => sum + sim.requests.length, 0);
	return { providers, otherCalls: total - classified };
}

/** The texts' parts as the node counts them: the spread's prices rely on them. */
function checkTexts(): void {
	if ([...FRENCH_TEXT].length !== 160 || countSegments(FRENCH_TEXT).segments !== 2 || countSegments(TEXT).segments !== 1) {
		throw new Error('the routing texts no longer have the lengths the price setup relies on');
	}
}
