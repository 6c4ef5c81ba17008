// Scenario list, in run order. Scenarios that stop ollama-sim restart it before they end.
import type { Scenario } from '../lib/scenario';
import { askAboutSelectionScenario } from './askAboutSelection';
import { askWithCitationsScenario } from './askWithCitations';
import { historyAndHoverScenario } from './historyAndHover';
import { simDownScenario } from './simDown';
import { stopMidAnswerScenario } from './stopMidAnswer';
import { workbenchScenario } from './workbench';
import { xssScenario } from './xss';
import { zhCnPanelScenario } from './zhCnPanel';

// Under a display language (LORE_E2E_LOCALE, run.sh) only the scenarios written for it run: the others read English texts.
export const SCENARIOS: readonly Scenario[] = process.env.LORE_E2E_LOCALE === 'zh-cn' ? [zhCnPanelScenario] : [
  workbenchScenario,
  askWithCitationsScenario,
  historyAndHoverScenario,
  askAboutSelectionScenario,
  xssScenario,
  stopMidAnswerScenario,
  simDownScenario,
];
