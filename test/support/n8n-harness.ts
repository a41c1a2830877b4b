/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- harness code, run by jest or node on this machine, never inside n8n: rules for code that runs in n8n do not apply */
/**
 * Runs workflows in-process through n8n's own engine (`WorkflowExecute` from n8n-core), with
 * the package's built nodes and credentials loaded from `dist/` as n8n loads them (the
 * "n8n" section of package.json). Unlike n8n's own test harness, the credentials helper here
 * really applies each credential's `authenticate` block and runs `preAuthentication`, so
 * requests reach the simulators exactly as they would reach the provider.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { ExecuteContext, ExecutionLifecycleHooks, LoadOptionsContext, PollContext, RoutingNode, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeListSearchResult,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	createEmptyRunExecutionData,
	createRunExecutionData,
	ICredentialsHelper,
	isExpression,
	NodeConnectionTypes,
	NodeHelpers,
	Workflow,
} from 'n8n-workflow';

const PACKAGE_ROOT = resolve(__dirname, '../../..');
const PACKAGE_NAME = 'n8n-nodes-sms-gateways';

interface PackageManifest {
	n8n: { nodes: string[]; credentials: string[] };
}

/** The package's node and credential types, loaded from the built `dist/` like n8n does. */
export class PackageTypes implements INodeTypes {
	readonly nodeTypes = new Map<string, INodeType>();
	readonly credentialTypes = new Map<string, ICredentialType>();

	constructor(root = PACKAGE_ROOT) {
		const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageManifest;
		for (const file of manifest.n8n.nodes) {
			// eslint-disable-next-line @typescript-eslint/no-require-imports -- loads a built file by a path known only at run time, as n8n loads it
		for (const exported of Object.values(require(join(root, file)) as Record<string, new () => INodeType>)) {
				const node = new exported();
				this.nodeTypes.set(`${PACKAGE_NAME}.${node.description.name}`, node);
			}
		}
		for (const file of manifest.n8n.credentials) {
			// eslint-disable-next-line @typescript-eslint/no-require-imports -- loads a built file by a path known only at run time, as n8n loads it
		for (const exported of Object.values(require(join(root, file)) as Record<string, new () => ICredentialType>)) {
				const credential = new exported();
				this.credentialTypes.set(credential.name, credential);
			}
		}
		this.nodeTypes.set(ITEM_SOURCE_TYPE, new ItemSource());
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.nodeTypes.get(nodeType);
		if (!type) throw new Error(`Unknown node type ${nodeType}`);
		return type;
	}

	getByNameAndVersion(nodeType: string): INodeType {
		return this.getByName(nodeType) as INodeType;
	}

	getKnownTypes(): IDataObject {
		return {};
	}

	credentialType(name: string): ICredentialType {
		const type = this.credentialTypes.get(name);
		if (!type) throw new Error(`Unknown credential type ${name}`);
		return type;
	}
}

/** Stands in for a Manual Trigger that emits the test's items. */
const ITEM_SOURCE_TYPE = 'test.itemSource';
class ItemSource implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Item Source',
		name: 'itemSource',
		group: ['trigger'],
		version: 1,
		description: 'Emits the items the test starts the execution with',
		defaults: { name: 'Items' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/**
 * Credentials as n8n's CLI applies them: defaults filled in, generic `authenticate` blocks
 * resolved against `$credentials`, and `preAuthentication` run when the expirable field is
 * empty or the credential expired (n8n's own node test harness skips both).
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	/** Stored credential data by credential id. */
	readonly store = new Map<string, ICredentialDataDecryptedObject>();
	preAuthenticationCalls = 0;

	constructor(private readonly types: PackageTypes) {
		super();
	}

	set(id: string, data: ICredentialDataDecryptedObject): void {
		this.store.set(id, { ...data });
	}

	getParentTypes(name: string): string[] {
		const type = this.types.credentialTypes.get(name);
		return (type?.extends ?? []).flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const type = this.types.credentialType(typeName);
		if (!type.authenticate) return requestOptions;
		if (typeof type.authenticate === 'function') return await type.authenticate(credentials, requestOptions);
		if (type.authenticate.type !== 'generic') return requestOptions;
		const options = requestOptions as unknown as Record<string, Record<string, unknown>>;
		for (const [outerKey, inner] of Object.entries(type.authenticate.properties)) {
			for (const [key, value] of Object.entries(inner as Record<string, string>)) {
				const resolvedKey = this.resolve(key, credentials, workflow, node);
				const resolvedValue = this.resolve(value, credentials, workflow, node);
				options[outerKey] = { ...(options[outerKey] ?? {}), [resolvedKey]: resolvedValue };
			}
		}
		return requestOptions;
	}

	private resolve(value: string, credentials: ICredentialDataDecryptedObject, workflow?: Workflow, node?: INode): string {
		if (!isExpression(value)) return value;
		if (!workflow || !node) throw new Error('Cannot resolve a credential expression without a workflow');
		const resolved = workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '');
		return resolved === undefined || resolved === null ? '' : String(resolved as string);
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.types.credentialType(typeName);
		const expirable = type.properties.find((property) => property.type === 'hidden' && property.typeOptions?.expirable === true);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && credentials[expirable.name] !== undefined && !credentialsExpired) return undefined;
		this.preAuthenticationCalls++;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		const id = node.credentials?.[typeName]?.id;
		if (id) this.store.set(id, { ...(this.store.get(id) ?? {}), ...output } as ICredentialDataDecryptedObject);
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.types.credentialType(typeName);
		if (typeof type.preAuthentication !== 'function') return undefined;
		return Object.assign(credentials, await type.preAuthentication.call(helpers, credentials));
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('Not used: the harness decrypts nothing');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = nodeCredentials.id ? this.store.get(nodeCredentials.id) : undefined;
		if (!stored) throw new Error(`No credential ${nodeCredentials.id ?? nodeCredentials.name} of type ${type}`);
		const withDefaults = NodeHelpers.getNodeParameters(this.getCredentialsProperties(type), stored as INode['parameters'], true, false, null, null);
		return { ...stored, ...(withDefaults as ICredentialDataDecryptedObject) };
	}

	async updateCredentials(nodeCredentials: INodeCredentialsDetails, _type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		if (nodeCredentials.id) this.store.set(nodeCredentials.id, { ...data });
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		_type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		if (nodeCredentials.id) {
			this.store.set(nodeCredentials.id, { ...(this.store.get(nodeCredentials.id) ?? {}), oauthTokenData: data.oauthTokenData });
		}
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.types.credentialTypes.get(type);
		if (!credentialType) return [];
		const inherited = (credentialType.extends ?? []).flatMap((parent) => this.getCredentialsProperties(parent));
		return [...inherited, ...credentialType.properties];
	}
}

export interface NodeUnderTest {
	/** Node type name without the package prefix, e.g. `clickSend`. */
	type: string;
	parameters: IDataObject;
	/** Credential type → data; stored under a fixed id. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	continueOnFail?: boolean;
	/** n8n's "On Error" setting; `continueErrorOutput` adds an error output. */
	onError?: INode['onError'];
	name?: string;
	/** n8n's Retry On Fail, with its Max. Tries and Wait Between Tries (ms). */
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
}

export interface WorkflowRunResult {
	run: IRun;
	/** The node's outputs: one array of items per output (main, and error when enabled). */
	outputs: INodeExecutionData[][];
	/** The error the node (or the run) failed with, if any. */
	error?: Error & { description?: string | null; context?: IDataObject };
}

let sharedTypes: PackageTypes | undefined;
let executions = 0;
export function packageTypes(): PackageTypes {
	sharedTypes ??= new PackageTypes();
	return sharedTypes;
}

/** Runs Item Source → node under test through WorkflowExecute and returns what the node emitted. */
export async function runNode(nodeUnderTest: NodeUnderTest, items: IDataObject[] = [{}], mode: WorkflowExecuteMode = 'manual'): Promise<WorkflowRunResult> {
	return await runNodeWithItems(nodeUnderTest, items.map((json) => ({ json })), mode);
}

/** Like runNode, with whole input items (binary data included). */
export async function runNodeWithItems(
	nodeUnderTest: NodeUnderTest,
	inputItems: INodeExecutionData[],
	mode: WorkflowExecuteMode = 'manual',
): Promise<WorkflowRunResult> {
	const types = packageTypes();
	const credentialsHelper = new TestCredentialsHelper(types);
	const nodeName = nodeUnderTest.name ?? 'Node Under Test';
	const credentials: INode['credentials'] = {};
	for (const [typeName, data] of Object.entries(nodeUnderTest.credentials ?? {})) {
		const id = `cred-${typeName}`;
		credentialsHelper.set(id, data);
		credentials[typeName] = { id, name: `${typeName} (test)` };
	}
	const source: INode = {
		id: 'source',
		name: 'Items',
		type: ITEM_SOURCE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const node: INode = {
		id: 'under-test',
		name: nodeName,
		type: `${PACKAGE_NAME}.${nodeUnderTest.type}`,
		typeVersion: 1,
		position: [200, 0],
		parameters: nodeUnderTest.parameters as INode['parameters'],
		credentials,
		...(nodeUnderTest.continueOnFail ? { continueOnFail: true, onError: 'continueRegularOutput' as const } : {}),
		...(nodeUnderTest.onError ? { onError: nodeUnderTest.onError } : {}),
		...(nodeUnderTest.retryOnFail
			? { retryOnFail: true, maxTries: nodeUnderTest.maxTries, waitBetweenTries: nodeUnderTest.waitBetweenTries }
			: {}),
	};
	const workflow = new Workflow({
		id: 'test-workflow',
		name: 'test',
		nodes: [source, node],
		connections: { Items: { main: [[{ node: nodeName, type: NodeConnectionTypes.Main, index: 0 }]] } },
		active: false,
		nodeTypes: types,
		settings: { timezone: 'UTC' },
	});

	// Each run its own execution, as in n8n: what one execution's tries share must not leak into the next.
	const executionId = `test-execution-${++executions}`;
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflow as never);
	let resolveRun: (run: IRun) => void = () => undefined;
	const finished = new Promise<IRun>((resolve) => (resolveRun = resolve));
	hooks.addHandler('workflowExecuteAfter', (run: IRun) => resolveRun(run));
	const additionalData = additionalDataFor(credentialsHelper, hooks, executionId);

	const runExecutionData: IRunExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: source, data: { main: [inputItems] }, source: null }],
		},
	});
	const execution = new WorkflowExecute(additionalData, mode, runExecutionData);
	try {
		await execution.processRunExecutionData(workflow);
	} catch (caught) {
		// n8n refuses to start a workflow whose parameters fail its own checks (required fields,
		// validation rules): the run's error, as the editor would show it.
		return { run: undefined as unknown as IRun, outputs: [], error: caught as WorkflowRunResult['error'] };
	}
	const run = await finished;

	const taskData = run.data.resultData.runData[nodeName]?.[0];
	const error = (taskData?.error ?? run.data.resultData.error) as WorkflowRunResult['error'];
	return { run, outputs: (taskData?.data?.main ?? []).map((output: INodeExecutionData[] | null) => output ?? []), error };
}

function additionalDataFor(credentialsHelper: ICredentialsHelper, hooks: ExecutionLifecycleHooks, executionId: string): IWorkflowExecuteAdditionalData {
	const notAvailable = async () => {
		throw new Error('Not available in the test harness');
	};
	const data: Partial<IWorkflowExecuteAdditionalData> = {
		credentialsHelper,
		hooks,
		executeWorkflow: notAvailable,
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		executionId,
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
		variables: {},
		logAiEvent: () => undefined,
		startRunnerTask: notAvailable,
	};
	return data as IWorkflowExecuteAdditionalData;
}

/**
 * Calls a node's listSearch method (a resource-locator picker) as the editor does, through
 * n8n-core's LoadOptionsContext with the credential applied; `paginationToken` is what the
 * previous call returned, as the editor sends it when the list is scrolled.
 */
export async function listSearch(
	nodeUnderTest: NodeUnderTest,
	method: string,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const types = packageTypes();
	const credentialsHelper = new TestCredentialsHelper(types);
	const credentials: INode['credentials'] = {};
	for (const [typeName, data] of Object.entries(nodeUnderTest.credentials ?? {})) {
		credentialsHelper.set(`cred-${typeName}`, data);
		credentials[typeName] = { id: `cred-${typeName}`, name: typeName };
	}
	const node: INode = {
		id: 'under-test',
		name: 'Node Under Test',
		type: `${PACKAGE_NAME}.${nodeUnderTest.type}`,
		typeVersion: 1,
		position: [0, 0],
		parameters: nodeUnderTest.parameters as INode['parameters'],
		credentials,
	};
	const workflow = new Workflow({ id: 'picker', nodes: [node], connections: {}, active: false, nodeTypes: types, settings: { timezone: 'UTC' } });
	const hooks = new ExecutionLifecycleHooks('manual', 'picker', workflow as never);
	const context = new LoadOptionsContext(workflow, node, additionalDataFor(credentialsHelper, hooks, 'test-load-options'), '');
	const nodeType = types.getByNameAndVersion(node.type);
	const search = nodeType.methods?.listSearch?.[method];
	if (!search) throw new Error(`${nodeUnderTest.type} has no listSearch method ${method}`);
	return await search.call(context, filter, paginationToken);
}

/**
 * Runs a credential's `test.request` as n8n's credential tester does (the editor's "Test"
 * button, CredentialsTester.runRequestTest in n8n's CLI): a throwaway declarative node whose
 * one property routes the test request, run by n8n-core's RoutingNode with the credential
 * applied, and the test's `responseCode` rules read on a failed answer.
 */
export async function testCredential(typeName: string, data: ICredentialDataDecryptedObject): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const types = packageTypes();
	const type = types.credentialType(typeName);
	const testRequest = type.test;
	if (!testRequest) throw new Error(`${typeName} has no test request`);
	const credentialsHelper = new TestCredentialsHelper(types);
	credentialsHelper.set('cred-test', data);
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'test.credentialTest',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [typeName]: { id: 'cred-test', name: `${typeName} (test)` } },
	};
	const nodeType: INodeType = {
		description: {
			displayName: 'Credential Test',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			description: 'Routes a credential test request',
			defaults: { name: 'Temp-Node' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: typeName, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: testRequest.request }, default: '' }],
		},
	};
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ id: 'credential-test', nodes: [node], connections: {}, active: false, nodeTypes, settings: { timezone: 'UTC' } });
	const hooks = new ExecutionLifecycleHooks('internal', 'credential-test', workflow as never);
	const additionalData = additionalDataFor(credentialsHelper, hooks, 'credential-test');
	const context = new ExecuteContext(workflow, node, additionalData, 'internal', createEmptyRunExecutionData(), 0, [], { main: [[{ json: {} }]] }, { node, data: {}, source: null }, []);
	const withDefaults = await credentialsHelper.getDecrypted(additionalData, { id: 'cred-test', name: typeName }, typeName);
	try {
		await new RoutingNode(context, nodeType, { id: 'cred-test', name: typeName, type: typeName, data: withDefaults }).runNode();
	} catch (caught) {
		const status = (caught as { cause?: { response?: { status?: number } } }).cause?.response?.status;
		for (const rule of testRequest.rules ?? []) {
			if (rule.type === 'responseCode' && rule.properties.value === status) return { status: 'Error', message: rule.properties.message };
		}
		return { status: 'Error', message: status ? `Received HTTP status code: ${status}` : (caught as Error).message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/**
 * A polling trigger inside one workflow, polled as n8n's poller does (PollContext). The
 * workflow, and so the node's static data (its cursor), lives across polls; `restart()` moves
 * the static data into a fresh workflow, as a restart or another queue-mode worker would.
 */
export class PollingTrigger {
	private workflow: Workflow;
	private readonly node: INode;
	private readonly credentialsHelper: TestCredentialsHelper;

	constructor(nodeUnderTest: NodeUnderTest) {
		const types = packageTypes();
		this.credentialsHelper = new TestCredentialsHelper(types);
		const credentials: INode['credentials'] = {};
		for (const [typeName, data] of Object.entries(nodeUnderTest.credentials ?? {})) {
			this.credentialsHelper.set(`cred-${typeName}`, data);
			credentials[typeName] = { id: `cred-${typeName}`, name: typeName };
		}
		this.node = {
			id: 'trigger',
			name: nodeUnderTest.name ?? 'Trigger',
			type: `${PACKAGE_NAME}.${nodeUnderTest.type}`,
			typeVersion: 1,
			position: [0, 0],
			parameters: nodeUnderTest.parameters as INode['parameters'],
			credentials,
		};
		this.workflow = this.newWorkflow(undefined);
	}

	private newWorkflow(staticData: IDataObject | undefined): Workflow {
		return new Workflow({
			id: 'polling',
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes: packageTypes(),
			staticData,
			settings: { timezone: 'UTC' },
		});
	}

	/** The node's static data as n8n would store it. */
	get staticData(): IDataObject {
		return JSON.parse(JSON.stringify(this.workflow.staticData)) as IDataObject;
	}

	/** Simulates a restart: the stored static data is all that carries over. */
	restart(): void {
		this.workflow = this.newWorkflow(this.staticData);
	}

	/** One poll; `manual` is the editor's test run. Returns the emitted items (empty when none). */
	async poll(mode: 'trigger' | 'manual' = 'trigger'): Promise<INodeExecutionData[]> {
		const hooks = new ExecutionLifecycleHooks(mode, 'poll', this.workflow as never);
		const context = new PollContext(this.workflow, this.node, additionalDataFor(this.credentialsHelper, hooks, 'test-poll'), mode, mode === 'manual' ? 'manual' : 'activate');
		const nodeType = packageTypes().getByNameAndVersion(this.node.type);
		const result = await nodeType.poll!.call(context);
		return result?.[0] ?? [];
	}
}
