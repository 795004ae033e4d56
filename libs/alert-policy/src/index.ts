export { AlertPolicy, alertIdOf, type AlertPolicyOptions, type PolicyContext, type PolicyNotice, type PolicyOutcome } from './alert-policy.js';
export { emptyUserState, parseUserState, serializeUserState, type GroupState, type UserState } from './user-state.js';
export { buildNotification, noticeId, snapshotOf, userDashboardUrl, DASHBOARD_UID, type NotificationInput } from './content.js';
export { suppressionReason, type SuppressionSubject } from './suppression.js';
export { DestinationThrottle, windowAllows, type Rate } from './sliding-window.js';
export { SEVERITY_RANK, atLeast, maxSeverity, raise } from './severity.js';
export { defaultRoutingConfig } from './defaults.js';
