/**
 * Every field a user sees in the editor says what it is for: a description (or a hint) on each
 * field, and on each choice of a choice field, except n8n's own conventions — Resource choices,
 * and collections, which only group fields that are described themselves. Operation choices
 * carry an `action` (what the AI agent and the node picker show).
 */
import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { builtCredentials, builtNodes, manifest } from '../support/built-package';


/** The fields without a description, named by their path. */
function undescribed(properties: INodeProperties[], path = ''): string[] {
	const found: string[] = [];
	for (const property of properties) {
		const name = `${path}${property.name}`;
		const grouping = property.type === 'collection' || property.type === 'fixedCollection';
		if (!grouping && property.type !== 'notice' && property.type !== 'hidden' && !property.description && !property.hint) {
			if (property.type !== 'options' || property.name === 'resource') {
				if (property.name !== 'resource') found.push(name);
			} else {
				const choices = (property.options ?? []) as INodePropertyOptions[];
				for (const choice of choices) {
					if (!choice.description && !(property.name === 'operation' && choice.action)) found.push(`${name} → ${choice.name}`);
				}
			}
		}
		if (property.name === 'operation') {
			for (const choice of (property.options ?? []) as INodePropertyOptions[]) if (!choice.action) found.push(`${name} → ${choice.name} (no action)`);
		}
		if (grouping) {
			for (const option of property.options ?? []) {
				const group = option as INodePropertyCollection;
				if (Array.isArray(group.values)) found.push(...undescribed(group.values, `${name}.${group.name}.`));
				else found.push(...undescribed([option as INodeProperties], `${name}.`));
			}
		}
	}
	return found;
}

test.each(manifest.n8n.nodes)('%s: every field and choice is described', (file) => {
	for (const node of builtNodes(file)) {
		expect(node.description.properties.length).toBeGreaterThan(0);
		expect(undescribed(node.description.properties)).toEqual([]);
	}
});

test.each(manifest.n8n.credentials)('%s: every credential field is described', (file) => {
	for (const credential of builtCredentials(file)) expect(undescribed(credential.properties)).toEqual([]);
});

test('the check finds an undescribed field and choice', () => {
	expect(
		undescribed([
			{ displayName: 'A', name: 'a', type: 'string', default: '' },
			{ displayName: 'B', name: 'b', type: 'options', default: 'x', options: [{ name: 'X', value: 'x' }] },
			{ displayName: 'C', name: 'c', type: 'collection', default: {}, options: [{ displayName: 'D', name: 'd', type: 'string', default: '' }] },
		]),
	).toEqual(['a', 'b → X', 'c.d']);
});
