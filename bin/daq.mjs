#!/usr/bin/env node
// The `daq` command: runs the TypeScript CLI through tsx, so it works from a source checkout
// without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../main/headless/cli.ts');
