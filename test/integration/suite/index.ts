// Every integration suite, in run order. Add a line for each new suite/<name>.test.ts.
import './activation.test';
