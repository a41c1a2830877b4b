/** Resource → operation names the router dispatches on. */
export type SmsGatewayNodeMap = {
	message: 'exportHistory' | 'getHistory' | 'getPrice' | 'send';
};
