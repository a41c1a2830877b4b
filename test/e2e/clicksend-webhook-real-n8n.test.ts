/* eslint-disable @n8n/community-nodes/no-restricted-globals -- harness code, run by jest or node on this machine, never inside n8n: rules for code that runs in n8n do not apply */
/**
 * The ClickSend Webhook Trigger in a real n8n (`n8n start`): activating the example workflow
 * registers an inbound rule at the simulator pointing at the workflow's webhook URL; an inbound
 * SMS the simulator pushes there runs the workflow (which replies through ClickSend) with the
 * normalized message; a payload that is not ClickSend's gets a 400 and runs nothing; and
 * deactivating removes the rule.
 */
import { ClickSendSimulator } from '../simulators/clicksend';
import { RealN8n } from '../support/real-n8n';

const API_KEY = 'DUMMY-SANDBOX-API-KEY-0001';
const WEBHOOK_ID = '5a0f3c1e-8b2d-4e6f-9a7b-3c2d1e0f9a88';
let sim: ClickSendSimulator;
let n8n: RealN8n;

beforeAll(async () => {
	sim = new ClickSendSimulator();
	const baseUrl = await sim.start();
	n8n = await RealN8n.create();
	await n8n.importCredentials([
		{ id: 'smsGwClickSendSandbox', name: 'ClickSend sandbox', type: 'clickSendApi', data: { username: 'sandbox', apiKey: API_KEY, baseUrl } },
	]);
}, 180_000);

afterAll(async () => {
	await n8n?.stop();
	await sim?.stop();
});


test('activation registers the rule; a pushed inbound SMS runs the workflow; bad payloads get 400; deactivation removes the rule', async () => {
	const workflow = await n8n.importExample('clicksend-auto-reply.json');
	const session = await n8n.startServer();
	const webhookUrl = `${session.baseUrl}/webhook/${WEBHOOK_ID}/webhook`;

	await n8n.activate(session, workflow.id);
	await n8n.waitFor('the inbound rule', async () => (sim.rules.length ? true : undefined), 15_000).catch((error: Error) => {
		throw new Error(`${error.message}\nrequests: ${sim.requests.map((r) => `${r.method} ${r.path}`).join(', ')}`);
	});
	expect(sim.rules).toEqual([
		expect.objectContaining({ kind: 'inbound', action: 'URL', action_address: webhookUrl, dedicated_number: '*', enabled: 1 }),
	]);
	const [create] = sim.recorded(/^POST \/v3\/automations\/sms\/inbound$/);
	expect(create.headers.authorization).toBe(`Basic ${Buffer.from(`sandbox:${API_KEY}`).toString('base64')}`);

	const pushed = await sim.push('inbound', {
		timestamp: '1795000000',
		from: '+61411222333',
		body: 'Is my order ready?',
		original_body: 'Your order has shipped',
		original_message_id: 'ORIG-1',
		message_id: 'INBOUND-42',
		to: '+61400000000',
		custom_string: 'order-7',
		user_id: '1000',
	});
	expect(pushed.map((result) => result.status)).toEqual([200]);

	const [execution] = await n8n.waitFor('the execution', async () => {
		const executions = await n8n.executions(session, workflow.id);
		return executions.length && executions[0].status === 'success' ? executions : undefined;
	});
	const triggered = execution.run!.resultData.runData['ClickSend Webhook Trigger'][0].data!.main[0]![0].json;
	// Output = Simplified, the example's default: the ten fields.
	expect(triggered).toEqual({
		id: 'INBOUND-42',
		from: '+61411222333',
		to: '+61400000000',
		body: 'Is my order ready?',
		status: 'received',
		sentAt: '2026-11-18T11:06:40Z',
		price: null,
		currency: null,
		reference: 'order-7',
		error: null,
	});
	const [reply] = sim.recorded(/^POST \/v3\/sms\/send$/);
	expect((reply.body as { messages: unknown[] }).messages).toEqual([
		{ to: '+61411222333', body: 'Thanks, we got your message: "Is my order ready?"', custom_string: 'reply-INBOUND-42', source: 'n8n' },
	]);

	const bad = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hello: 'world' }) });
	expect(bad.status).toBe(400);
	expect(await bad.text()).toContain('missing message_id, from, body');
	await new Promise((resolve) => setTimeout(resolve, 1500));
	expect(await n8n.executions(session, workflow.id)).toHaveLength(1);

	await n8n.rest(session, 'POST', `/workflows/${workflow.id}/deactivate`, {});
	// n8n (de)activates in the background after answering the REST call.
	await n8n.waitFor('the rule to be removed', async () => (sim.rules.length === 0 ? true : undefined), 15_000);
	expect(sim.rules).toEqual([]);
	expect(sim.recorded(/^DELETE \/v3\/automations\/sms\/inbound\/501$/)).toHaveLength(1);
}, 180_000);

test('the AI agent example imports, and n8n offers the ClickSend node as a tool with the fields the agent fills', async () => {
	const workflow = await n8n.importExample('clicksend-ai-agent-tool.json');
	const session = await n8n.startServer();
	const stored = await n8n.rest<{ nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }> }>(session, 'GET', `/workflows/${workflow.id}`);
	const tool = stored.nodes.find((node) => node.name === 'Send SMS')!;
	expect(tool.type).toBe('CUSTOM.clickSendTool');
	expect(tool.parameters.to).toContain("$fromAI('to'");
	const types = await fetch(`${session.baseUrl}/types/nodes.json`, { headers: { cookie: session.cookie } }).then(async (response) => (await response.json()) as Array<{ name: string; outputs?: unknown; properties: Array<{ name: string }> }>);
	const toolType = types.find((type) => type.name === 'CUSTOM.clickSendTool');
	expect(toolType).toBeDefined();
	const names = toolType!.properties.map((property) => property.name);
	for (const field of ['toolDescription', 'resource', 'operation', 'to', 'message']) expect(names).toContain(field);
	expect(JSON.stringify(toolType!.outputs)).toContain('ai_tool');
}, 180_000);
