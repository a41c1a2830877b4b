/** Resource → operation names the router dispatches on. */
export type RouteeNodeMap = {
	account: 'getBalance';
	sms: 'cancelScheduled' | 'exportHistory' | 'getCampaignMessages' | 'getHistory' | 'getMessage' | 'getPrice' | 'send';
};
