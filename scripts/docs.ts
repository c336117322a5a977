import * as fs from 'fs';
import * as path from 'path';
import { regenerate } from './readmeTables';

const readmePath = path.join(__dirname, '..', 'README.md');
fs.writeFileSync(readmePath, regenerate(fs.readFileSync(readmePath, 'utf8')));
console.log('README.md tables regenerated');
