import type { Migration } from '../migration.js';
import { migration as tenants } from './0001-tenants.js';
import { migration as spareSchemas } from './0002-spare-schemas.js';
import { migration as fleet } from './0003-fleet.js';
import { migration as billing } from './0004-billing.js';
import { migration as operatorAudit } from './0005-operator-audit.js';

/** The platform migration set, in order. Append only. */
export const PLATFORM_MIGRATIONS: readonly Migration[] = [
  tenants,
  spareSchemas,
  fleet,
  billing,
  operatorAudit,
];
