/** Resource → operation names the router dispatches on. */
export type SmsGatewayNodeMap = {
	message: 'getPrice' | 'send';
};
