export const ALERT_SERVICE = Symbol('ALERT_SERVICE');
export const ROUTING_STORE = Symbol('ROUTING_STORE');
