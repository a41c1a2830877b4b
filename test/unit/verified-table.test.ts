/* eslint-disable @n8n/community-nodes/no-restricted-imports -- harness code, run by jest on this machine, never inside n8n: rules for code that runs in n8n do not apply */
/**
 * The README's "What is verified and what is not" table: every guess that can change a result
 * quotes the words the node itself shows about it, and those words must be in that provider's
 * built nodes (a field's description, hint or notice), so the guess is visible in the editor.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { builtNodes, manifest } from '../support/built-package';
import { PACKAGE_ROOT } from '../support/real-n8n';

const PROVIDER_FOLDERS: Record<string, string> = { ClickSend: 'ClickSend', Routee: 'Routee', 'smsup.ch': 'SmsUp', Apico: 'Apico' };

const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
const section = readme.split(/^## What is verified and what is not$/m)[1]?.split(/^## /m)[0] ?? '';
const rows = section
	.split('\n')
	.filter((line) => line.startsWith('| ') && !line.startsWith('| Provider') && !line.startsWith('|---'))
	.map((line) => line.slice(2, -2).split(' | '));

/** Everything the editor shows of a provider's nodes, as one text. */
function shownText(provider: string): string {
	const folder = PROVIDER_FOLDERS[provider];
	const files = manifest.n8n.nodes.filter((file) => file.startsWith(`dist/nodes/${folder}/`));
	return JSON.stringify(files.flatMap(builtNodes).map((node) => node.description));
}

test('the table lists guesses for every provider, each row with a provider, a guess, what the node does and where it says so', () => {
	expect(new Set(rows.map(([provider]) => provider))).toEqual(new Set(Object.keys(PROVIDER_FOLDERS)));
	for (const row of rows) expect(row).toHaveLength(4);
});

const quoted = rows.filter(([, , , shown]) => shown !== '—');

test.each(quoted.map(([provider, guess, , shown]) => [provider, guess, shown]))('%s: "%s" is shown in the node as %s', (provider, _guess, shown) => {
	const quotes = [...shown.matchAll(/"([^"]+)"/g)].map(([, words]) => words);
	expect(quotes.length).toBeGreaterThan(0);
	const text = shownText(provider);
	for (const words of quotes) expect(text).toContain(words);
});
