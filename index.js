// The package's main: the built node and credential classes (the files package.json's "n8n"
// section lists, from dist/), so a user's own code or tests can
// `require('n8n-nodes-sms-gateways')`. n8n itself loads the "n8n" section's files, not this.
module.exports = {
	...require('./dist/nodes/Apico/Apico.node.js'),
	...require('./dist/nodes/Apico/ApicoTrigger.node.js'),
	...require('./dist/nodes/ClickSend/ClickSend.node.js'),
	...require('./dist/nodes/ClickSend/ClickSendTrigger.node.js'),
	...require('./dist/nodes/ClickSend/ClickSendWebhookTrigger.node.js'),
	...require('./dist/nodes/Routee/Routee.node.js'),
	...require('./dist/nodes/Routee/RouteeTrigger.node.js'),
	...require('./dist/nodes/Routee/RouteeWebhookTrigger.node.js'),
	...require('./dist/nodes/SmsUp/SmsUp.node.js'),
	...require('./dist/nodes/SmsUp/SmsUpTrigger.node.js'),
	...require('./dist/nodes/SmsUp/SmsUpWebhookTrigger.node.js'),
	...require('./dist/nodes/SmsGateway/SmsGateway.node.js'),
	...require('./dist/credentials/ApicoApi.credentials.js'),
	...require('./dist/credentials/ClickSendApi.credentials.js'),
	...require('./dist/credentials/RouteeApi.credentials.js'),
	...require('./dist/credentials/SmsUpApi.credentials.js'),
};
