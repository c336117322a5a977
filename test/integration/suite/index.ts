// Every integration suite, in run order. Add a line for each new suite/<name>.test.ts.
import './activation.test';
import './diagnostics.test';
import './hover.test';
import './quickFixes.test';
import './fixAll.test';
import './ruleQuickFixes.test';
import './applyPattern.test';
import './settings.test';
import './instructionFiles.test';
import './matchingInstructions.test';
import './instructionDiagnostics.test';
import './instructionSources.test';
import './addInstructions.test';
