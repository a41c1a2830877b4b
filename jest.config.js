// Tests are compiled by tsc (tsconfig.test.json) into .build/ first; jest runs the JavaScript.
module.exports = {
	rootDir: '.build/test',
	testEnvironment: 'node',
	testMatch: ['**/*.test.js'],
	testTimeout: 120_000,
	maxWorkers: 2,
};
