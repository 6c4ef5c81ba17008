// Scenario list, in run order. Scenarios that stop ollama-sim restart it before they end.
import type { Scenario } from '../lib/scenario';
import { askAboutSelectionScenario } from './askAboutSelection';
import { askWithCitationsScenario } from './askWithCitations';
import { simDownScenario } from './simDown';
import { stopMidAnswerScenario } from './stopMidAnswer';
import { workbenchScenario } from './workbench';
import { xssScenario } from './xss';

export const SCENARIOS: readonly Scenario[] = [
  workbenchScenario,
  askWithCitationsScenario,
  askAboutSelectionScenario,
  xssScenario,
  stopMidAnswerScenario,
  simDownScenario,
];
