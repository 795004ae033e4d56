import { type Geo } from '@authwatch/contracts';
import { citiesIn, type City } from './cities.js';
import { randomIpIn, type Ipv4Block } from './networks.js';
import { buildPopulation, type Population, type SimTenant, type SimUser } from './population.js';
import { type Rng } from './random.js';
import { type SimulatorConfig } from './types.js';

/** A network location: an address and the city it geolocates to. */
export interface Place {
  readonly ip: string;
  readonly city: City;
  readonly geo: Geo;
}

/** Immutable population plus the ground-truth address→geo registry shared by all engines. */
export class World {
  readonly population: Population;
  readonly tenantsById = new Map<string, SimTenant>();
  readonly activeUsersByTenant = new Map<string, SimUser[]>();
  readonly dormantUsers: readonly SimUser[];
  readonly homePlaces: readonly Place[];
  readonly mobilePlaces: readonly Place[];
  readonly officePlaces = new Map<string, Place>();
  private readonly truth = new Map<string, Geo>();

  constructor(readonly config: Readonly<SimulatorConfig>) {
    this.population = buildPopulation(config.seed, config.tenants, config.usersPerTenant, config.startTime.getTime());
    for (const tenant of this.population.tenants) {
      this.tenantsById.set(tenant.tenantId, tenant);
      this.officePlaces.set(tenant.tenantId, this.place(tenant.officeIp, tenant.hqCity));
      this.activeUsersByTenant.set(tenant.tenantId, []);
    }
    for (const user of this.population.users) {
      if (user.dormantSince === null) this.activeUsersByTenant.get(user.tenantId)?.push(user);
    }
    this.dormantUsers = this.population.users.filter((u) => u.dormantSince !== null);
    this.homePlaces = this.population.users.map((u) => this.place(u.homeIp, u.homeCity));
    this.mobilePlaces = this.population.users.map((u) => this.place(u.mobileIp, u.homeCity));
  }

  get seed(): number {
    return this.config.seed;
  }

  /** Registers (ip → city) as ground truth and returns the place. */
  place(ip: string, city: City): Place {
    const geo: Geo = { country: city.country, city: city.name, lat: city.lat, lon: city.lon };
    this.truth.set(ip, geo);
    return { ip, city, geo };
  }

  /** A fresh address in `city` (or a random city of `country`). */
  randomPlace(rng: Rng, country: string, kind: Ipv4Block['kind'] = 'isp', city?: City): Place {
    const where = city ?? rng.pick(citiesIn(country));
    return this.place(randomIpIn(rng.next, where.country, kind), where);
  }

  /** Geo as the producer reports it: omitted for `geoOmittedRatio` of calls. */
  reportedGeo(rng: Rng, place: Place): Geo | undefined {
    return rng.chance(this.config.geoOmittedRatio) ? undefined : place.geo;
  }

  groundTruthGeo(ip: string): Geo | undefined {
    const geo = this.truth.get(ip);
    return geo ? { ...geo } : undefined;
  }
}
