// Scenario list, in run order. Scenarios that stop ollama-sim restart it before they end.
import type { Scenario } from '../lib/scenario';
import { workbenchScenario } from './workbench';

export const SCENARIOS: readonly Scenario[] = [workbenchScenario];
