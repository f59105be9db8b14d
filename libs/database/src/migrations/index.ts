import { Foundation1700000000000 } from './1700000000000-foundation';
import { SuppliersApplications1700000001000 } from './1700000001000-suppliers-applications';
import { Notifications1700000002000 } from './1700000002000-notifications';
import { Evaluation1700000003000 } from './1700000003000-evaluation';
import { Selection1700000004000 } from './1700000004000-selection';
import { UsersRoleIndex1700000005000 } from './1700000005000-users-role-index';
import { PreviewInput1700000006000 } from './1700000006000-preview-input';
import { AssignmentsCancelled1700000007000 } from './1700000007000-assignments-cancelled';
import { UndeliveredNotificationsIndex1700000009000 } from './1700000009000-undelivered-notifications-index';
import { AwardRecoveries1700000010000 } from './1700000010000-award-recoveries';
import { GuardedWrites1700000011000 } from './1700000011000-guarded-writes';

/** Every migration, in order. Listed explicitly so that bundling or Jest never miss one. */
export const MIGRATIONS = [
  Foundation1700000000000,
  SuppliersApplications1700000001000,
  Notifications1700000002000,
  Evaluation1700000003000,
  Selection1700000004000,
  UsersRoleIndex1700000005000,
  PreviewInput1700000006000,
  AssignmentsCancelled1700000007000,
  UndeliveredNotificationsIndex1700000009000,
  AwardRecoveries1700000010000,
  GuardedWrites1700000011000,
];
