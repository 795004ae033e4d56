import { FrameGeometrySourceBuilder, FrameGeometrySourceMode, MapLayerOptionsBuilder, BigValueColorMode, BigValueGraphMode, GraphDrawStyle, LegendDisplayMode, LegendPlacement, ReduceDataOptionsBuilder, StackingConfigBuilder, StackingMode, VizLegendOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import { DashboardLinkBuilder, DashboardLinkType, QueryVariableBuilder, ThresholdsConfigBuilder, ThresholdsMode, VariableRefresh, VariableSort } from '@grafana/grafana-foundation-sdk/dashboard';
import { MapViewConfigBuilder, PanelBuilder as GeomapPanel } from '@grafana/grafana-foundation-sdk/geomap';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanel } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import { CLICKHOUSE, dedent } from './kit.js';

/** Colours by risk: below the suspicious band, suspicious, anomalous (default threshold 0.6). */
export const riskThresholds = () =>
  new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([
    { value: null, color: 'green' },
    { value: 0.4, color: 'yellow' },
    { value: 0.6, color: 'orange' },
    { value: 0.9, color: 'red' },
  ]);

export const fixedThresholds = (color: string) => new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([{ value: null, color }]);

export function stat(title: string, description: string): StatPanel {
  return new StatPanel()
    .title(title)
    .description(description)
    .graphMode(BigValueGraphMode.Area)
    .colorMode(BigValueColorMode.Value)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .height(4)
    .span(6);
}

export function timeseries(title: string, description: string): TimeseriesPanel {
  return new TimeseriesPanel()
    .title(title)
    .description(description)
    .legend(new VizLegendOptionsBuilder().displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom).showLegend(true))
    .fillOpacity(10)
    .height(8)
    .span(12);
}

export function stackedBars(title: string, description: string): TimeseriesPanel {
  return timeseries(title, description).drawStyle(GraphDrawStyle.Bars).fillOpacity(80).stacking(new StackingConfigBuilder().mode(StackingMode.Normal));
}

export function table(title: string, description: string): TablePanel {
  return new TablePanel().title(title).description(description).height(9).span(12).filterable(true);
}

/** A dropdown filled from ClickHouse (the plugin runs variable queries through the backend, macros included). */
export function clickhouseVariable(name: string, label: string, sql: string): QueryVariableBuilder {
  return new QueryVariableBuilder(name)
    .label(label)
    .datasource(CLICKHOUSE)
    .query({ editorType: 'sql', rawSql: dedent(sql) })
    .definition(dedent(sql))
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.Disabled);
}

/** The dashboards-by-tag dropdown every authwatch dashboard shows. */
export const authwatchLinks = () => new DashboardLinkBuilder('authwatch').type(DashboardLinkType.Dashboards).tags(['authwatch']).asDropdown(true).includeVars(true).keepTime(true);

/** A world map of marker points read from `latitude`/`longitude` columns; size and colour by the given fields. */
export function geomap(title: string, description: string, sizeField: string, colorField: string): GeomapPanel {
  return new GeomapPanel()
    .title(title)
    .description(description)
    .height(12)
    .span(24)
    .thresholds(riskThresholds())
    .view(new MapViewConfigBuilder().id('zero').lat(20).lon(0).zoom(1))
    .basemap(new MapLayerOptionsBuilder().type('default').name('Basemap'))
    .layers([
      new MapLayerOptionsBuilder()
        .type('markers')
        .name('Logins')
        .tooltip(true)
        .location(new FrameGeometrySourceBuilder().mode(FrameGeometrySourceMode.Coords).latitude('latitude').longitude('longitude'))
        .config({ showLegend: true, style: { size: { field: sizeField, fixed: 5, min: 3, max: 25 }, color: { field: colorField, fixed: 'dark-green' }, opacity: 0.6 } }),
    ]);
}
