/* eslint-disable @n8n/community-nodes/no-restricted-imports -- harness code, run by jest or node on this machine, never inside n8n: rules for code that runs in n8n do not apply */
/**
 * The package as n8n sees it: package.json, and instances of the built node and credential
 * classes it lists in its "n8n" section (from dist/, which the test command builds first).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { ICredentialType, INodeType } from 'n8n-workflow';

import { PACKAGE_ROOT } from './real-n8n';

export interface PackageManifest {
	name: string;
	version: string;
	repository: { url: string };
	n8n: { nodes: string[]; credentials: string[] };
}

export const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as PackageManifest;

function instances<T>(file: string): T[] {
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- loads a built file by a path known only at run time, as n8n loads it
	const exported = require(join(PACKAGE_ROOT, file)) as Record<string, new () => T>;
	return Object.values(exported).map((Type) => new Type());
}

/** The node classes one built file (a path of the manifest's `n8n.nodes`) exports. */
export const builtNodes = (file: string): INodeType[] => instances<INodeType>(file);

/** The credential classes one built file (a path of the manifest's `n8n.credentials`) exports. */
export const builtCredentials = (file: string): ICredentialType[] => instances<ICredentialType>(file);
