export { parseIp, parseCidr, cidrContains, ipInCidr, sameIp, type ParsedIp, type Cidr } from './ip-match.js';
