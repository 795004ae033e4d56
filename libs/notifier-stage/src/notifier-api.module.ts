import { type DynamicModule, Module } from '@nestjs/common';
import { type AlertService } from './alert-service.js';
import { AlertsController } from './alerts.controller.js';
import { RoutingController } from './routing.controller.js';
import { type RoutingStore } from './routing-store.js';
import { ALERT_SERVICE, ROUTING_STORE } from './tokens.js';

@Module({})
export class NotifierApiModule {
  static register(options: { alerts: AlertService; routing: RoutingStore }): DynamicModule {
    return {
      module: NotifierApiModule,
      controllers: [AlertsController, RoutingController],
      providers: [
        { provide: ALERT_SERVICE, useValue: options.alerts },
        { provide: ROUTING_STORE, useValue: options.routing },
      ],
    };
  }
}
