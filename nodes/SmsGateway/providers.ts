// The providers an SMS Gateway node lists, in the user's order, and each one's view of the
// node: the provider's own send gateway and history source read their parameters by the
// provider node's names (to, message, from, additionalFields…), so each provider is driven by
// its own, tested code, through a context that answers those names from this node's fields.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InputError } from '../shared/errors';
import { reasonOf, type ProviderRead } from '../shared/routing';
import type { SendGateway } from '../shared/gateway';
import type { SendMode } from '../shared/send';
import { apicoGateway } from '../Apico/gateway';
import { clickSendGateway } from '../ClickSend/gateway';
import { routeeGateway } from '../Routee/gateway';
import { smsUpGateway } from '../SmsUp/gateway';
import type { GatewayMessage } from './actions/fields';
import { APICO_CREDENTIAL_TYPE, APICO_PROVIDER, APICO_PROVIDER_NAME } from '../Apico/transport';
import { CLICKSEND_CREDENTIAL_TYPE, CLICKSEND_PROVIDER } from '../ClickSend/transport';
import { ROUTEE_CREDENTIAL_TYPE, ROUTEE_PROVIDER } from '../Routee/transport';
import { SMSUP_CREDENTIAL_TYPE, SMSUP_PROVIDER, SMSUP_PROVIDER_NAME } from '../SmsUp/transport';

export type ProviderId = 'clickSend' | 'routee' | 'smsUp' | 'apico';

export interface ProviderInfo {
	id: ProviderId;
	/** As users read it: "ClickSend". */
	name: string;
	/** The `provider` field of the one message model: "clicksend". */
	model: string;
	credentialType: string;
	/** Whether the provider has a price call (Apico has none). */
	pricesCalls: boolean;
	/** Whether one message can be scheduled (Routee schedules only campaigns, Apico nothing). */
	schedules: boolean;
	/** Whether the provider requires a sender. */
	requiresFrom: boolean;
	/** What choosing it means, in the Provider list. */
	summary: string;
}

export const PROVIDERS: Record<ProviderId, ProviderInfo> = {
	clickSend: { id: 'clickSend', name: 'ClickSend', model: CLICKSEND_PROVIDER, credentialType: CLICKSEND_CREDENTIAL_TYPE, pricesCalls: true, schedules: true, requiresFrom: false, summary: 'Priced in your account\'s currency, many messages per price call; sends up to 1,000 per call' },
	routee: { id: 'routee', name: 'Routee', model: ROUTEE_PROVIDER, credentialType: ROUTEE_CREDENTIAL_TYPE, pricesCalls: true, schedules: false, requiresFrom: true, summary: 'Priced in your account\'s currency, one price call per country; needs a sender' },
	smsUp: { id: 'smsUp', name: SMSUP_PROVIDER_NAME, model: SMSUP_PROVIDER, credentialType: SMSUP_CREDENTIAL_TYPE, pricesCalls: true, schedules: true, requiresFrom: false, summary: 'Priced in credits (set a price per part); can schedule' },
	apico: { id: 'apico', name: APICO_PROVIDER_NAME, model: APICO_PROVIDER, credentialType: APICO_CREDENTIAL_TYPE, pricesCalls: false, schedules: false, requiresFrom: true, summary: 'No price call (set a price per part); needs one of your Apico numbers as sender' },
};

/** One listed provider with its settings. */
export interface ProviderSetting {
	info: ProviderInfo;
	/** Sender for this provider; empty when the provider's default applies. */
	from: string;
	/** smsup.ch and Apico: what one message part costs, in the comparison currency. */
	pricePerPart?: number;
	/** ClickSend and Routee: comparison-currency units one unit of the provider's price is worth. */
	rate: number;
}

const PRICE_PER_PART_PROVIDERS: ProviderId[] = ['smsUp', 'apico'];

export const providersField: INodeProperties = {
	displayName: 'Providers',
	name: 'providers',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	placeholder: 'Add Provider',
	default: {},
	required: true,
	description: 'The providers to send through, in order: In Order tries them top to bottom. Each needs its credential set above.',
	options: [
		{
			displayName: 'Provider',
			name: 'provider',
			values: [
				{
					displayName: 'Provider',
					name: 'provider',
					type: 'options',
					options: (Object.values(PROVIDERS) as ProviderInfo[]).map((info) => ({ name: info.name, value: info.id, description: info.summary })),
					default: 'clickSend',
				},
				{
					displayName: 'From',
					name: 'from',
					type: 'string',
					default: '',
					placeholder: 'e.g. MyShop or +447860041755',
					description: 'Sender for this provider: a sender ID or one of your numbers. Routee and Apico require one; empty uses ClickSend\'s or smsup.ch\'s default.',
				},
				{
					displayName: 'Price per Message Part',
					name: 'pricePerPart',
					type: 'number',
					typeOptions: { minValue: 0, numberPrecision: 4 },
					default: 0,
					displayOptions: { show: { provider: PRICE_PER_PART_PROVIDERS } },
					description: 'What one message part costs you with this provider, in the comparison currency',
					hint: 'smsup.ch prices in credits (one credit per part), Apico has no price call: this turns their parts into money for Cheapest',
				},
				{
					displayName: 'Exchange Rate',
					name: 'rate',
					type: 'number',
					typeOptions: { minValue: 0, numberPrecision: 4 },
					default: 1,
					displayOptions: { show: { provider: ['clickSend', 'routee'] } },
					description: 'How much one unit of the currency this account is billed in is worth in the comparison currency (1 when they are the same)',
				},
			],
		},
	],
};

/**
 * The listed providers, checked: each once, with its settings. `requireSender: false` for
 * reads (history), where no message is sent and From plays no part.
 */
export function readProviderList(context: IExecuteFunctions, itemIndex = 0, options: { requireSender?: boolean } = {}): ProviderSetting[] {
	const raw = context.getNodeParameter('providers', itemIndex, {}) as { provider?: IDataObject[] };
	const entries = raw.provider ?? [];
	if (!entries.length) throw new InputError('Providers', 'lists no provider: add at least one, and set its credential');
	const seen = new Set<ProviderId>();
	return entries.map((entry, position) => {
		const id = entry.provider as ProviderId;
		const info = PROVIDERS[id];
		if (!info) throw new InputError('Providers', `entry ${position + 1} names an unknown provider "${String(entry.provider)}"`);
		if (seen.has(id)) {
			throw new InputError('Providers', `lists ${info.name} twice: a node holds one credential of each type, so each provider once`);
		}
		seen.add(id);
		const from = String(entry.from ?? '').trim();
		if (info.requiresFrom && !from && options.requireSender !== false) throw new InputError(`Providers → ${info.name} → From`, `is empty; ${info.name} requires a sender`);
		const setting: ProviderSetting = { info, from, rate: 1 };
		if (PRICE_PER_PART_PROVIDERS.includes(id)) {
			const price = Number(entry.pricePerPart ?? 0);
			if (!Number.isFinite(price) || price < 0) throw new InputError(`Providers → ${info.name} → Price per Message Part`, 'must be a number of at least 0');
			setting.pricePerPart = price;
		} else {
			const rate = Number(entry.rate ?? 1);
			if (!Number.isFinite(rate) || rate <= 0) throw new InputError(`Providers → ${info.name} → Exchange Rate`, 'must be a number above 0');
			setting.rate = rate;
		}
		return setting;
	});
}

/**
 * The node as one provider's own code reads it: `parameters(itemIndex)` answers the provider
 * node's parameter names; anything it does not name gets the caller's fallback (the provider's
 * default). Everything else (credentials, helpers, Continue On Fail) is this node's own.
 */
export function providerView(
	context: IExecuteFunctions,
	parameters: (itemIndex: number) => IDataObject,
): IExecuteFunctions {
	// A provider reads several parameters of one item in a row: its values are made once.
	let last: { itemIndex: number; values: IDataObject } | undefined;
	const getNodeParameter = (name: string, itemIndex: number, fallback?: unknown): unknown => {
		if (last?.itemIndex !== itemIndex) last = { itemIndex, values: parameters(itemIndex) };
		return name in last.values ? last.values[name] : fallback;
	};
	const bound = new Map<PropertyKey, unknown>();
	return new Proxy(context, {
		get(target, property) {
			if (property === 'getNodeParameter') return getNodeParameter;
			const value: unknown = Reflect.get(target, property, target);
			if (typeof value !== 'function') return value;
			if (!bound.has(property)) bound.set(property, (value as (...args: unknown[]) => unknown).bind(target));
			return bound.get(property);
		},
	});
}

/**
 * The provider node's parameters for one message: the names its gateway reads (see each
 * provider's `gateway.ts`), Output = All Fields so every answer is the whole message model.
 */
export function providerParameters(setting: ProviderSetting, message: GatewayMessage | undefined): IDataObject {
	if (!message) return { output: 'full' };
	const { to, body, reference, schedule } = message;
	switch (setting.info.id) {
		case 'clickSend':
			return { recipientType: 'phoneNumber', to, message: body, from: setting.from, additionalFields: { reference, schedule }, options: {}, output: 'full' };
		case 'routee':
			return { to, message: body, from: setting.from, additionalFields: { label: reference }, output: 'full' };
		case 'smsUp':
			return { to, message: body, sendAsCampaign: false, additionalFields: { sender: setting.from, reference, delay: schedule }, output: 'full' };
		case 'apico':
			return { to, message: body, from: setting.from, additionalFields: {}, output: 'full' };
	}
}

/** One listed provider's send gateway, reading each item's message through `providerView`. */
export function gatewayFor(context: IExecuteFunctions, setting: ProviderSetting, mode: SendMode, messages: Map<number, GatewayMessage>): SendGateway<unknown> {
	const view = providerView(context, (itemIndex) => providerParameters(setting, messages.get(itemIndex)));
	switch (setting.info.id) {
		case 'clickSend':
			return clickSendGateway(view, 'sms') as SendGateway<unknown>;
		case 'routee':
			return routeeGateway(view, mode === 'send' ? 'send' : 'getPrice') as SendGateway<unknown>;
		case 'smsUp':
			return smsUpGateway(view, { campaign: false, mode }) as SendGateway<unknown>;
		case 'apico':
			return apicoGateway(view) as SendGateway<unknown>;
	}
}

/**
 * One listed provider for a run: its gateway, and each item's message as that gateway reads it
 * (read once, when first needed), or why it cannot take the item: a field it refuses, a
 * schedule it cannot keep, a credential it cannot use. Such an item passes the provider over
 * before any call.
 */
export interface ProviderRun {
	setting: ProviderSetting;
	gateway: SendGateway<unknown>;
	read(itemIndex: number): ProviderRead;
	/** Connects the gateway once (its client); a failure is the reason for every item. */
	connect(): Promise<void>;
}

export function providerRun(context: IExecuteFunctions, setting: ProviderSetting, mode: SendMode, messages: Map<number, GatewayMessage>): ProviderRun {
	const gateway = gatewayFor(context, setting, mode, messages);
	const reads = new Map<number, ProviderRead>();
	let connected: Promise<void> | undefined;
	return {
		setting,
		gateway,
		read(itemIndex) {
			let read = reads.get(itemIndex);
			if (!read) {
				read = readFor(gateway, setting, mode, messages.get(itemIndex)!, itemIndex);
				reads.set(itemIndex, read);
			}
			return read;
		},
		connect: async () => await (connected ??= Promise.resolve(gateway.connect?.())),
	};
}

function readFor(gateway: SendGateway<unknown>, setting: ProviderSetting, mode: SendMode, message: GatewayMessage, itemIndex: number): ProviderRead {
	if (message.schedule && !setting.info.schedules && mode === 'send') return { refused: `${setting.info.name} cannot schedule a single message` };
	try {
		return { message: gateway.read(itemIndex) };
	} catch (caught) {
		return { refused: caught instanceof InputError ? `"${caught.field}" ${caught.problem}` : reasonOf(caught, setting.info.name) };
	}
}
