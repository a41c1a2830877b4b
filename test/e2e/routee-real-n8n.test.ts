/**
 * End to end in a real n8n 2.41.1 with the built package loaded: the Routee example workflow
 * (price each reminder, send only those below a threshold) is imported with a credential and
 * executed headless twice, against the Routee simulator; the credential is tested through
 * n8n's REST API. n8n itself runs the credential's preAuthentication and keeps the token.
 */
import { RouteeSimulator } from '../simulators/routee';
import { RealN8n } from '../support/real-n8n';

const SECRET = 'SANDBOX-APP-SECRET-0001';
let sim: RouteeSimulator;
let n8n: RealN8n;

const credential = (applicationSecret: string) => ({
	id: 'smsGwRouteeSandbox',
	name: 'Routee sandbox',
	type: 'routeeApi',
	data: { applicationId: 'sandbox-app', applicationSecret, tokenUrl: `${sim.baseUrl}/oauth/token`, baseUrl: sim.baseUrl },
});

beforeAll(async () => {
	sim = new RouteeSimulator();
	await sim.start();
	n8n = await RealN8n.create();
	await n8n.importCredentials([credential(SECRET)]);
}, 180_000);

afterAll(async () => {
	await n8n?.stop();
	await sim?.stop();
});

test('the example prices every reminder and sends only those below 0.05; a second run reuses the token n8n kept', async () => {
	const workflow = await n8n.importExample('routee-price-then-send.json');
	const { code, run, output } = await n8n.execute(workflow.id);

	expect(code).toBe(0);
	expect(run.status).toBe('success');
	const priced = run.data.resultData.runData['Check price'][0].data!.main[0]!;
	expect(priced.map((item) => [item.json.to, item.json.parts, item.json.costPerPart, item.json.total])).toEqual([
		['+306900000001', 1, 0.025, 0.025],
		['+491510000002', 2, 0.075, 0.15],
		['+306900000003', 1, 0.025, 0.025],
	]);
	const sent = run.data.resultData.runData['Send SMS'][0].data!.main[0]!;
	expect(sent.map((item) => [item.json.to, item.json.reference, item.json.status, item.json.providerStatus])).toEqual([
		['+306900000001', 'B-301', 'queued', 'Queued'],
		['+306900000003', 'B-303', 'queued', 'Queued'],
	]);
	const trackingIds = sim.tracking.map((entry) => entry.messageId);
	expect(sent.map((item) => item.json.id)).toEqual(trackingIds);

	// What Routee received: three analyses, two sends, one token.
	expect(sim.recorded(/^POST \/sms\/analyze$/).map((call) => (call.body as { to: string }).to)).toEqual(['+306900000001', '+491510000002', '+306900000003']);
	expect(sim.recorded(/^POST \/sms$/).map((call) => call.body)).toEqual([
		{ body: 'Hi Eleni, your booking B-301 is tomorrow at 10:00.', to: '+306900000001', from: 'Routee', label: 'B-301' },
		{ body: 'Hi Nikos, your booking B-303 is tomorrow at 10:00.', to: '+306900000003', from: 'Routee', label: 'B-303' },
	]);
	expect(sim.recorded(/^POST \/oauth\/token$/)).toHaveLength(1);
	const [token] = [...sim.tokens.keys()];
	for (const call of sim.recorded(/^POST \/sms/)) expect(call.headers.authorization).toBe(`Bearer ${token}`);
	expect(output).not.toContain(SECRET);
	expect(output).not.toContain(token);

	// A new execution (a new process): n8n stored the token with the credential and uses it again.
	const second = await n8n.execute(workflow.id);
	expect(second.code).toBe(0);
	expect(sim.recorded(/^POST \/oauth\/token$/)).toHaveLength(1);
	expect(sim.recorded(/^POST \/sms$/)).toHaveLength(4);
	for (const call of sim.recorded(/^POST \/sms/)) expect(call.headers.authorization).toBe(`Bearer ${token}`);
	for (const to of ['+306900000001', '+306900000003']) expect(sim.acceptedByRecipient.get(to)).toBe(2);
	expect(sim.acceptedByRecipient.has('+491510000002')).toBe(false);
}, 180_000);

test('after the kept token expires, the next run renews it once and repeats only the refused call', async () => {
	const workflow = await n8n.importExample('routee-price-then-send.json');
	sim.clockOffsetMs += 2 * 3600 * 1000;
	const tokensBefore = sim.tokensIssued;
	const acceptedBefore = sim.acceptedTotal;
	const analyzesBefore = sim.recorded(/^POST \/sms\/analyze$/).length;

	const { code, run } = await n8n.execute(workflow.id);
	expect(code).toBe(0);
	expect(run.status).toBe('success');
	expect(sim.tokensIssued).toBe(tokensBefore + 1);
	// The first analysis was refused (401) and repeated with the new token; then three more reads.
	expect(sim.recorded(/^POST \/sms\/analyze$/).length - analyzesBefore).toBe(4);
	expect(sim.acceptedTotal - acceptedBefore).toBe(2);
}, 180_000);

test('n8n\'s credential test gets a token and reads the balance; a wrong secret fails', async () => {
	const { baseUrl, cookie } = await n8n.startServer();
	const testCredential = async (applicationSecret: string) => {
		const response = await fetch(`${baseUrl}/rest/credentials/test`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie },
			body: JSON.stringify({ credentials: credential(applicationSecret) }),
		});
		return ((await response.json()) as { data: { status: string; message: string } }).data;
	};
	sim.requests.length = 0;

	expect(await testCredential(SECRET)).toEqual({ status: 'OK', message: 'Connection successful!' });
	const [tokenCall] = sim.recorded(/^POST \/oauth\/token$/);
	expect(tokenCall.headers.authorization).toBe(`Basic ${Buffer.from(`sandbox-app:${SECRET}`).toString('base64')}`);
	const [balanceCall] = sim.recorded(/^GET \/accounts\/me\/balance$/);
	expect(balanceCall.headers.authorization).toMatch(/^Bearer [0-9a-f-]{36}$/);

	const wrong = await testCredential('WRONG-SECRET-0000');
	expect(wrong.status).toBe('Error');
	expect(wrong.message).toBe('Routee refused the application credentials (401): check the Application ID, Application Secret and Token URL.');
	expect(sim.recorded(/^GET \/accounts\/me\/balance$/)).toHaveLength(1);
}, 150_000);
