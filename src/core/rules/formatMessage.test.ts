import * as assert from 'assert';
import { formatMessage } from './rule';

describe('formatMessage', () => {
  const cases: Array<[string, Record<string, string> | undefined, string]> = [
    ['{{callee}} has no timeout.', { callee: 'axios.get' }, 'axios.get has no timeout.'],
    ['{{ callee }} then {{callee}} again, {{x}}', { callee: 'f', x: '' }, 'f then f again, '],
    ['no placeholders', { a: 'b' }, 'no placeholders'],
    ['a missing {{name}} stays', {}, 'a missing {{name}} stays'],
    ['no data: {{name}}', undefined, 'no data: {{name}}'],
    ['{{constructor}} and {{toString}} are not data', {}, '{{constructor}} and {{toString}} are not data'],
    ['{{a}}{{b}}', { a: '1', b: '2' }, '12'],
    ['{{not closed', { not: 'x' }, '{{not closed'],
  ];
  for (const [template, data, expected] of cases) {
    it(`${template} → ${expected}`, () => assert.strictEqual(formatMessage(template, data), expected));
  }
});
