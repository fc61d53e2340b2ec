// The words of each console area; a page area adds its file here (one import, one entry).
import { resident } from './resident';
import { intake } from './intake';
import { work } from './work';
import { admin } from './admin';
import { oversight } from './oversight';
import { grid } from './grid';
import { base } from './base';
import { mediation } from './mediation';
import { stationing } from './stationing';
import { security } from './security';
import { analytics } from './analytics';
import { reports } from './reports';
import { warnings } from './warnings';
import { exports } from './exports';
import { piRights } from './pi-rights';
import { meetings } from './meetings';

export const areas: Record<string, { zh: Record<string, unknown>; en: Record<string, unknown> }> = {
  resident,
  intake,
  work,
  admin,
  oversight,
  grid,
  base,
  mediation,
  stationing,
  security,
  analytics,
  reports,
  warnings,
  exports,
  piRights,
  meetings,
};
